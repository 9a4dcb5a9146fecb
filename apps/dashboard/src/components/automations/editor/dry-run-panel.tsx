'use client'

import type { DryRunReport, Graph } from '@parley/supabase/automations'
import { Badge, Button, Callout, Card, Flex, Text, TextField } from '@radix-ui/themes'
import { useId, useState, useTransition } from 'react'
import { dryRunWorkflow } from '../../../actions/automations.ts'
import { LocalDate } from '../../local-format.tsx'

type Props = { storeId: string; workflowId: string; graph: Graph; disabled: boolean }

/**
 * "Try on the last N conversations": the draft on screen replayed over the store's recent conversations
 * with waits fast-forwarded; per conversation whether it triggered, the path and what it would have done.
 * Nothing is written or sent.
 */
export function DryRunPanel({ storeId, workflowId, graph, disabled }: Props) {
  const limitId = useId()
  const [limit, setLimit] = useState('20')
  const [report, setReport] = useState<DryRunReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [pending, startTransition] = useTransition()

  const run = () =>
    startTransition(async () => {
      setError(null)
      const result = await dryRunWorkflow({ storeId, workflowId, graph, limit: Number(limit) })
      if (result.ok) setReport(result.data)
      else {
        setReport(null)
        setError(result.error)
      }
    })

  return (
    <Flex direction="column" gap="3" data-testid="dry-run">
      <Text size="2" color="gray">
        See what this draft would have done in recent conversations. Waits are skipped ahead; nothing is sent.
      </Text>
      <Flex gap="2" align="end">
        <Flex direction="column" gap="1">
          <Text as="label" size="1" htmlFor={limitId}>
            Conversations
          </Text>
          <TextField.Root
            id={limitId}
            type="number"
            min={1}
            max={200}
            value={limit}
            onChange={(e) => setLimit(e.target.value)}
            style={{ width: 90 }}
          />
        </Flex>
        <Button onClick={run} disabled={pending || disabled}>
          {pending ? 'Trying…' : `Try on the last ${Number(limit) || 20}`}
        </Button>
      </Flex>
      {disabled ? (
        <Text size="1" color="amber">
          Fix the problems on the canvas first.
        </Text>
      ) : null}
      {error ? (
        <Callout.Root color="red" size="1" role="alert">
          <Callout.Text>{error}</Callout.Text>
        </Callout.Root>
      ) : null}
      {report ? (
        <Flex direction="column" gap="2" role="region" aria-label="Dry run results">
          <Card size="1">
            <Text size="2" weight="medium" as="p" data-testid="dry-run-totals">
              Triggered in {report.totals.triggered} of {report.totals.conversations} conversations (
              {report.totals.runs} run{report.totals.runs === 1 ? '' : 's'})
            </Text>
            {Object.entries(report.totals.actions).length ? (
              <Flex gap="1" wrap="wrap" mt="1">
                {Object.entries(report.totals.actions).map(([type, count]) => (
                  <Badge key={type} variant="soft">
                    {type} × {count}
                  </Badge>
                ))}
              </Flex>
            ) : null}
          </Card>
          {!report.conversations.length ? (
            <Text size="2" color="gray">
              This store has no conversations to try it on yet.
            </Text>
          ) : null}
          {report.conversations.map((c) => (
            <Card key={c.session_id} size="1" data-testid="dry-run-conversation">
              <Flex justify="between" align="center">
                <Text size="1" color="gray">
                  <LocalDate value={c.started_at} options={{ dateStyle: 'medium', timeStyle: 'short' }} />
                </Text>
                <Badge color={c.triggered ? 'green' : 'gray'}>
                  {c.triggered ? 'Triggered' : 'Not triggered'}
                </Badge>
              </Flex>
              {c.runs.map((r, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: runs of a report have no ids
                <Flex key={i} direction="column" gap="1" mt="1">
                  <Text size="1">
                    <Badge
                      size="1"
                      color={r.status === 'failed' ? 'red' : r.status === 'waiting' ? 'amber' : 'green'}
                    >
                      {r.status}
                    </Badge>{' '}
                    on {r.trigger_event}: {r.path.join(' → ')}
                  </Text>
                  {r.actions.map((a) => (
                    <Text key={a.node_id} size="1" color="gray">
                      • {a.summary}
                    </Text>
                  ))}
                  {r.error ? (
                    <Text size="1" color="red">
                      {r.error}
                    </Text>
                  ) : null}
                </Flex>
              ))}
            </Card>
          ))}
        </Flex>
      ) : null}
    </Flex>
  )
}
