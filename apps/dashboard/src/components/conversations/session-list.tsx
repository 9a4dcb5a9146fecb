import { Box, Card, Flex, Text } from '@radix-ui/themes'
import type { MouseEvent } from 'react'
import { type ConversationSummary, contactName, timeOf } from '../../lib/conversations.ts'
import { EmptyState } from '../empty-state.tsx'
import { LocalDate } from '../local-format.tsx'
import { SessionBadges } from './session-badges.tsx'

const timeOptions: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }

type Props = {
  storeId: string
  sessions: ConversationSummary[]
  selectedId: string | null
  unread: ReadonlySet<string>
  onSelect: (id: string) => (event: MouseEvent<HTMLAnchorElement>) => void
}

/** The store's conversations as links (Tab and Enter work), the open one marked as current. */
export function SessionList({ storeId, sessions, selectedId, unread, onSelect }: Props) {
  if (sessions.length === 0) {
    return (
      <EmptyState title="No conversations yet">
        They appear here, live, as soon as a visitor writes to one of your chatbots.
      </EmptyState>
    )
  }
  return (
    <Flex asChild direction="column" gap="2" m="0" p="0">
      <ul aria-label="Conversations" style={{ listStyle: 'none' }}>
        {sessions.map((s) => {
          const current = s.id === selectedId
          const name = contactName(s)
          return (
            <li key={s.id} data-testid="session-item" data-session-id={s.id}>
              <Card
                asChild
                variant={current ? 'classic' : 'surface'}
                style={current ? { outline: '2px solid var(--accent-8)' } : undefined}
              >
                <a
                  href={`/stores/${storeId}/conversations?session=${s.id}`}
                  aria-current={current ? 'page' : undefined}
                  onClick={onSelect(s.id)}
                >
                  <Flex direction="column" gap="1">
                    <Flex justify="between" gap="2" align="center">
                      <Text
                        weight={unread.has(s.id) ? 'bold' : 'medium'}
                        className="truncate"
                        data-testid="session-name"
                      >
                        {name}
                        {unread.has(s.id) ? <span className="visually-hidden"> (new messages)</span> : null}
                      </Text>
                      {unread.has(s.id) ? (
                        <Box
                          aria-hidden
                          style={{
                            width: 8,
                            height: 8,
                            borderRadius: '50%',
                            background: 'var(--accent-9)',
                            flex: 'none',
                          }}
                        />
                      ) : null}
                    </Flex>
                    <SessionBadges session={s} />
                    <Text size="1" color="gray">
                      <LocalDate value={timeOf(s.last_message_at)} options={timeOptions} />
                    </Text>
                  </Flex>
                </a>
              </Card>
            </li>
          )
        })}
      </ul>
    </Flex>
  )
}
