import { Badge, Flex } from '@radix-ui/themes'
import {
  type ConversationSummary,
  sentimentLabel,
  statusColor,
  statusLabel,
} from '../../lib/conversations.ts'

export function SessionBadges({ session }: { session: ConversationSummary }) {
  const mood = sentimentLabel(session.sentiment)
  return (
    <Flex gap="1" wrap="wrap" align="center">
      <Badge
        color={statusColor[session.status]}
        variant="soft"
        data-status={session.status}
        data-testid="session-status"
      >
        {statusLabel[session.status]}
      </Badge>
      {mood ? (
        <Badge color={mood.color} variant="outline" title={`Sentiment ${session.sentiment?.toFixed(2)}`}>
          {mood.label}
        </Badge>
      ) : null}
      {session.lead_score !== null ? (
        <Badge color="violet" variant="outline" title="Lead score (0–100)">
          Lead {session.lead_score}
        </Badge>
      ) : null}
    </Flex>
  )
}
