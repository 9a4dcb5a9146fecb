import type { Enums } from '@parley/supabase/database'
import { Badge, Card, Code, Flex, Heading, Table, Text } from '@radix-ui/themes'
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

/**
 * The store's Chatwoot account (provisioned through the outbox) and, for owners and admins, the outbox
 * jobs that failed or were dead-lettered, each with a Retry button.
 */
export async function ChatwootStatus({ storeId, canManage }: { storeId: string; canManage: boolean }) {
  const supabase = await createClient()
  const [account, jobs] = await Promise.all([
    supabase.from('chatwoot_accounts').select('status, last_error').eq('store_id', storeId).maybeSingle(),
    canManage
      ? supabase
          .from('outbox')
          .select('id, topic, status, attempts, last_error, next_attempt_at')
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
            <Table.Root size="1" aria-label="Failed background jobs">
              <Table.Header>
                <Table.Row>
                  <Table.ColumnHeaderCell>Job</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>State</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Error</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell />
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {failed.map((job) => (
                  <Table.Row key={job.id}>
                    <Table.Cell>
                      <Code variant="ghost">{job.topic}</Code>
                    </Table.Cell>
                    <Table.Cell>
                      <Badge color={job.status === 'dead' ? 'red' : 'amber'}>
                        {job.status === 'dead' ? 'dead' : `retrying (${job.attempts} attempts)`}
                      </Badge>
                    </Table.Cell>
                    <Table.Cell>
                      <Text size="1">{job.last_error}</Text>
                    </Table.Cell>
                    <Table.Cell>
                      <RetryJobButton storeId={storeId} jobId={job.id} topic={job.topic} />
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table.Root>
          ) : null}
        </Flex>
      </section>
    </Card>
  )
}
