import type { Database } from '@parley/supabase/database'
import { Badge, Card, DataList, Flex, Heading, Text } from '@radix-ui/themes'
import type { SupabaseClient } from '@supabase/supabase-js'
import { LeadReasons } from '../conversations/lead-reasons.tsx'
import { LocalDate } from '../local-format.tsx'
import type { AgentContext } from './app-context.ts'
import { SentimentLine } from './sentiment-line.tsx'

const when: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }
const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value))

/** What Parley knows about the open conversation. Every value is rendered as text (React escapes it). */
export function ContextView({
  context,
  client,
}: {
  context: AgentContext
  /** the agent's Parley session: reads the lead's reasons */
  client?: SupabaseClient<Database>
}) {
  const { session, contact } = context
  return (
    <Flex direction="column" gap="3" data-testid="agent-context">
      <Text size="1" color="gray">
        {context.store.name}
      </Text>
      {!session ? (
        <Text size="2" color="gray">
          This conversation did not start with Parley's chatbot.
        </Text>
      ) : (
        <>
          <Card>
            <Flex direction="column" gap="2">
              <Flex justify="between" align="center">
                <Heading as="h2" size="3">
                  Bot conversation
                </Heading>
                <Badge>{session.status}</Badge>
              </Flex>
              <Text size="2" data-testid="session-summary">
                {session.summary || 'No summary yet.'}
              </Text>
              <DataList.Root size="1">
                <DataList.Item>
                  <DataList.Label>Lead score</DataList.Label>
                  <DataList.Value data-testid="lead-score">{session.lead_score ?? '—'}</DataList.Value>
                </DataList.Item>
                <DataList.Item>
                  <DataList.Label>Messages</DataList.Label>
                  <DataList.Value>{session.message_count}</DataList.Value>
                </DataList.Item>
                <DataList.Item>
                  <DataList.Label>Language</DataList.Label>
                  <DataList.Value>{session.language ?? '—'}</DataList.Value>
                </DataList.Item>
                <DataList.Item>
                  <DataList.Label>Started</DataList.Label>
                  <DataList.Value>
                    <LocalDate value={session.started_at} options={when} />
                  </DataList.Value>
                </DataList.Item>
              </DataList.Root>
              {client ? (
                <LeadReasons client={client} sessionId={session.id} score={session.lead_score} />
              ) : null}
            </Flex>
          </Card>
          <Card>
            <Heading as="h2" size="3" mb="2">
              Sentiment
            </Heading>
            {context.sentiment?.length ? (
              <SentimentLine points={context.sentiment} />
            ) : (
              <Text size="2" color="gray">
                No sentiment measured yet.
              </Text>
            )}
          </Card>
        </>
      )}
      {contact && (
        <Card>
          <Heading as="h2" size="3" mb="2">
            Contact
          </Heading>
          <DataList.Root size="1" data-testid="contact">
            {(
              [
                ['Name', contact.name],
                ['Email', contact.email],
                ['Phone', contact.phone],
                ['Store id', contact.external_id],
                ['Verified', contact.verified ? 'yes' : 'no'],
              ] as const
            )
              .filter(([, v]) => v)
              .map(([label, value]) => (
                <DataList.Item key={label}>
                  <DataList.Label>{label}</DataList.Label>
                  <DataList.Value>{value}</DataList.Value>
                </DataList.Item>
              ))}
            {Object.entries(contact.custom_attributes ?? {}).map(([key, value]) => (
              <DataList.Item key={`attr-${key}`}>
                <DataList.Label>{key}</DataList.Label>
                <DataList.Value>{show(value)}</DataList.Value>
              </DataList.Item>
            ))}
          </DataList.Root>
        </Card>
      )}
      {context.past_sessions && context.past_sessions.length > 0 && (
        <Card>
          <Heading as="h2" size="3" mb="2">
            Past sessions
          </Heading>
          <Flex direction="column" gap="2" asChild>
            <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="past-sessions">
              {context.past_sessions.map((s) => (
                <li key={s.id}>
                  <Text size="1" color="gray">
                    <LocalDate value={s.started_at} options={when} /> · {s.status}
                    {s.lead_score != null ? ` · lead ${s.lead_score}` : ''}
                  </Text>
                  <Text as="p" size="2">
                    {s.summary || 'No summary.'}
                  </Text>
                </li>
              ))}
            </ul>
          </Flex>
        </Card>
      )}
    </Flex>
  )
}
