import type { Enums, Tables } from '@parley/supabase/database'
import { Badge, Card, Code, Flex, Heading, Text } from '@radix-ui/themes'
import { describeError } from '../../lib/errors.ts'
import { createClient } from '../../lib/supabase/server.ts'
import { LoadError } from '../load-error.tsx'
import { RetryJobButton } from './retry-job-button.tsx'

const statusColor = {
  pending: 'gray',
  provisioning: 'blue',
  active: 'green',
  failed: 'red',
  suspended: 'orange',
  deleted: 'gray',
} as const satisfies Record<Enums<'chatwoot_account_status'>, string>

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
 * The store's Chatwoot account (provisioned through the outbox) and, for owners and admins, the outbox
 * jobs that failed (dead letters) or are failing, each with what it does, why, and a Retry button.
 */
export async function ChatwootStatus({ storeId, canManage }: { storeId: string; canManage: boolean }) {
  const supabase = await createClient()
  const [account, jobs] = await Promise.all([
    supabase.from('chatwoot_accounts').select('status, last_error').eq('store_id', storeId).maybeSingle(),
    canManage
      ? supabase
          .from('outbox')
          .select('id, topic, job_title, status, attempts, last_error, held_by')
          .eq('store_id', storeId)
          .or('status.eq.dead,and(status.eq.pending,last_error.not.is.null)')
          .order('id', { ascending: false })
          .limit(20)
      : undefined,
  ])
  const status = account.data?.status ?? 'pending'
  const failed = jobs?.data ?? []

  return (
    <Card size="2" asChild>
      <section aria-labelledby="chatwoot-heading" data-testid="chatwoot-status">
        <Flex direction="column" gap="3">
          <Flex align="center" gap="3">
            <Heading as="h2" size="4" id="chatwoot-heading">
              Chatwoot
            </Heading>
            <Badge color={statusColor[status]} data-testid="chatwoot-account-status">
              {status}
            </Badge>
          </Flex>
          {account.error ? (
            <LoadError message={describeError(account.error, 'Could not load the Chatwoot status.')} />
          ) : null}
          {account.data?.last_error && status !== 'active' ? (
            <Text size="2" color="red" role="status">
              {account.data.last_error}
            </Text>
          ) : null}
          {status === 'pending' || status === 'provisioning' ? (
            <Text size="2" color="gray">
              Human handoff works once the account is active; provisioning retries by itself.
            </Text>
          ) : null}
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
