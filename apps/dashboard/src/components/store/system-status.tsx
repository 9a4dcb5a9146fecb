'use client'

import { overall, type Part, type PartStatus, type StoreHealth } from '@parley/supabase/health'
import { ReloadIcon } from '@radix-ui/react-icons'
import { Badge, Button, Callout, Card, Flex, Heading, Text } from '@radix-ui/themes'
import {
  chatwootSentence,
  HEALTH_POLL_MS,
  statusWords,
  useStoreHealth,
  waited,
} from '../../lib/store-health.ts'
import { LocalDate } from '../local-format.tsx'

/** What each platform part does for the store, in its owner's words. */
const platformParts: { part: Exclude<Part, 'outbox' | 'chatwoot'>; label: string; does: string }[] = [
  { part: 'database', label: 'Database', does: 'Keeps conversations, settings and background jobs.' },
  { part: 'rest', label: 'Data API', does: 'Serves this dashboard and the chat widget their data.' },
  { part: 'auth', label: 'Sign-in', does: "Signs in your team and your website's visitors." },
  { part: 'realtime', label: 'Live updates', does: 'Brings new messages in without a reload.' },
  { part: 'functions', label: 'Chat service', does: 'Answers visitors and runs background jobs.' },
]

function jobsSentence(jobs: NonNullable<StoreHealth['store']['jobs']>): string {
  const facts = [
    jobs.backlog === 0 ? 'nothing waiting' : `${jobs.backlog} waiting or running`,
    ...(jobs.oldest_due_seconds !== null ? [`the oldest due for ${waited(jobs.oldest_due_seconds)}`] : []),
    ...(jobs.failing ? [`${jobs.failing} retrying after an error`] : []),
    ...(jobs.dead ? [`${jobs.dead} failed: see Chatwoot below to retry`] : []),
  ]
  const sentence = facts.join(', ')
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`
}

interface Row {
  key: string
  label: string
  status: PartStatus
  text: string
}

function rowsOf(health: StoreHealth): Row[] {
  const { store } = health
  return [
    ...platformParts.map(({ part, label, does }) => ({
      key: part,
      label,
      status: health.parts[part],
      text: health.parts[part] === 'ok' ? does : `${does} It is not working fully right now.`,
    })),
    ...(store.jobs
      ? [{ key: 'jobs', label: 'Background jobs', status: store.jobs.status, text: jobsSentence(store.jobs) }]
      : []),
    {
      key: 'chatwoot',
      label: 'Chatwoot',
      status: store.chatwoot.status,
      text: chatwootSentence(store.chatwoot),
    },
  ]
}

function summary(rows: Row[]): string {
  const notOk = rows.filter((r) => r.status !== 'ok')
  if (notOk.length === 0) return 'Everything is working.'
  return `${notOk.map((r) => `${r.label} ${statusWords[r.status].label.toLowerCase()}`).join(', ')}.`
}

/**
 * The owner's "System status" panel: each part Parley runs on, this store's background jobs and its
 * Chatwoot, each with a word and a colour, from the same health answer as the Chatwoot card (polled every
 * 10 s, and on focus); "Check now" asks at once.
 */
export function SystemStatus({ storeId }: { storeId: string }) {
  const { data, error, isValidating, mutate } = useStoreHealth(storeId)
  const rows = data ? rowsOf(data) : []
  // Chatwoot or the jobs alone never make the whole "down": chat goes on without them
  const status = data
    ? statusWords[overall(Object.fromEntries(rows.map((r) => [r.key, r.status])))]
    : undefined

  return (
    <Card size="2" asChild>
      <section aria-labelledby="system-status-heading" data-testid="system-status">
        <Flex direction="column" gap="3">
          <Flex align="center" justify="between" gap="3" wrap="wrap">
            <Flex align="center" gap="3" wrap="wrap">
              <Heading as="h2" size="4" id="system-status-heading">
                System status
              </Heading>
              {status ? (
                <Badge color={status.color} data-testid="system-status-overall">
                  {status.label}
                </Badge>
              ) : null}
            </Flex>
            <Button variant="soft" size="1" onClick={() => void mutate()} disabled={isValidating}>
              <ReloadIcon aria-hidden /> {isValidating ? 'Checking…' : 'Check now'}
            </Button>
          </Flex>
          <Text size="2" role="status" data-testid="system-status-summary">
            {data ? summary(rows) : error ? 'The status is unknown.' : 'Checking…'}
          </Text>
          {error ? (
            <Callout.Root color="red" size="1">
              <Callout.Text>
                Could not check the status: {error.message} Trying again every {HEALTH_POLL_MS / 1000} s.
              </Callout.Text>
            </Callout.Root>
          ) : null}
          {data ? (
            <Flex asChild direction="column" gap={{ initial: '3', sm: '2' }} m="0" p="0">
              <ul aria-label="Parts of the service" style={{ listStyle: 'none' }}>
                {rows.map((row) => (
                  <li key={row.key} data-testid={`status-${row.key}`}>
                    <Flex gap={{ initial: '1', sm: '3' }} align="start" wrap="wrap">
                      <Flex gap="2" align="center" width="13rem" flexShrink="0">
                        <Badge color={statusWords[row.status].color}>{statusWords[row.status].label}</Badge>
                        <Text size="2" weight="medium">
                          {row.label}
                        </Text>
                      </Flex>
                      <Text size="2" color="gray" style={{ flex: '1 1 14rem' }}>
                        {row.text}
                      </Text>
                    </Flex>
                  </li>
                ))}
              </ul>
            </Flex>
          ) : null}
          {data ? (
            <Text size="1" color="gray">
              Checked at <LocalDate value={data.checked_at} options={{ timeStyle: 'medium' }} />; checks again
              every {HEALTH_POLL_MS / 1000} s.
            </Text>
          ) : null}
        </Flex>
      </section>
    </Card>
  )
}
