import type { Tables } from '@parley/supabase/database'
import { Badge, Card, Code, Flex, Heading, Text } from '@radix-ui/themes'
import { describeError } from '../../lib/errors.ts'
import { createClient } from '../../lib/supabase/server.ts'
import { LoadError } from '../load-error.tsx'
import { ChatwootConnection } from './chatwoot-connection.tsx'
import { RetryJobButton } from './retry-job-button.tsx'

type FailedJob = Pick<Tables<'outbox'>, 'id' | 'topic' | 'status' | 'attempts' | 'last_error' | 'held_by'>

/** Dead: gave up (or died with the job it waited behind); pending with an error: it will try again. */
function jobState(job: FailedJob): { label: string; color: 'red' | 'amber' | 'gray' } {
  if (job.status === 'dead')
    return { label: job.held_by ? `stopped behind #${job.held_by}` : 'failed', color: 'red' }
  if (job.attempts === 0) return { label: 'waiting', color: 'gray' }
  return {
    label: `retrying (${job.attempts} ${job.attempts === 1 ? 'attempt' : 'attempts'})`,
    color: 'amber',
  }
}

/**
 * The store's Chatwoot: its connection (ChatwootConnection, live from the health function) and, for owners
 * and admins, the outbox jobs that failed (dead letters) or are failing, each with what it does, why, and a
 * Retry button.
 */
export async function ChatwootStatus({ storeId, canManage }: { storeId: string; canManage: boolean }) {
  const jobs = canManage
    ? await (await createClient())
        .from('outbox')
        .select('id, topic, job_title, status, attempts, last_error, held_by')
        .eq('store_id', storeId)
        .or('status.eq.dead,and(status.eq.pending,last_error.not.is.null)')
        .order('id', { ascending: false })
        .limit(20)
    : undefined
  const failed = jobs?.data ?? []

  return (
    <Card size="2" asChild>
      <section aria-labelledby="chatwoot-heading" data-testid="chatwoot-status">
        <Flex direction="column" gap="3">
          <ChatwootConnection storeId={storeId} />
          {jobs?.error ? (
            <LoadError message={describeError(jobs.error, 'Could not load failed jobs.')} />
          ) : null}
          {failed.length ? (
            <Flex direction="column" gap="2">
              <Heading as="h3" size="2" id="failed-jobs-heading">
                Background jobs that need attention
              </Heading>
              <Flex asChild direction="column" gap="2" m="0" p="0">
                <ul aria-labelledby="failed-jobs-heading" style={{ listStyle: 'none' }}>
                  {failed.map((job) => {
                    const state = jobState(job)
                    return (
                      <li key={job.id} data-testid="failed-job">
                        <Card size="1" variant="surface">
                          <Flex gap="3" justify="between" align="start" wrap="wrap">
                            <Flex direction="column" gap="1" minWidth="0" flexBasis="16rem" flexGrow="1">
                              <Flex gap="2" align="center" wrap="wrap">
                                <Text size="2" weight="medium">
                                  #{job.id} {job.job_title ?? job.topic}
                                </Text>
                                <Badge color={state.color}>{state.label}</Badge>
                              </Flex>
                              <Text size="2">{job.last_error}</Text>
                              <Code variant="ghost" size="1" color="gray">
                                {job.topic}
                              </Code>
                            </Flex>
                            <RetryJobButton
                              storeId={storeId}
                              jobId={job.id}
                              title={job.job_title ?? job.topic}
                            />
                          </Flex>
                        </Card>
                      </li>
                    )
                  })}
                </ul>
              </Flex>
            </Flex>
          ) : null}
        </Flex>
      </section>
    </Card>
  )
}
