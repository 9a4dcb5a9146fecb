'use client'

import { Table, Text } from '@radix-ui/themes'
import { useEffect, useState } from 'react'
import { browserClient } from '../../../lib/realtime.ts'
import { LocalNumber } from '../../local-format.tsx'

type Row = {
  node_id: string
  branch: string
  runs: number
  handoff_rate: number | null
  bot_resolution_rate: number | null
  avg_lead_score: number | null
}

const percent = (v: number | null) => (v === null ? '—' : `${Math.round(Number(v) * 100)}%`)

/** The A/B report per split step and branch (workflow_split_stats): runs, handoffs, bot resolutions, lead score. */
export function SplitStats({ workflowId }: { workflowId: string }) {
  const [rows, setRows] = useState<Row[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    void browserClient()
      .rpc('workflow_split_stats', { p_workflow_id: workflowId })
      .then(({ data, error: e }) => {
        if (e) setError('Could not load the A/B results.')
        else setRows((data ?? []) as Row[])
      })
  }, [workflowId])
  if (error)
    return (
      <Text size="2" color="red" role="alert">
        {error}
      </Text>
    )
  if (!rows)
    return (
      <Text size="2" color="gray">
        Loading…
      </Text>
    )
  if (!rows.length)
    return (
      <Text size="2" color="gray">
        No conversation has gone through a split yet. Each conversation keeps the branch it first got.
      </Text>
    )
  return (
    <Table.Root size="1" aria-label="A/B results" data-testid="split-stats">
      <Table.Header>
        <Table.Row>
          <Table.ColumnHeaderCell>Branch</Table.ColumnHeaderCell>
          <Table.ColumnHeaderCell>Runs</Table.ColumnHeaderCell>
          <Table.ColumnHeaderCell>Handoff</Table.ColumnHeaderCell>
          <Table.ColumnHeaderCell>Bot resolved</Table.ColumnHeaderCell>
          <Table.ColumnHeaderCell>Avg lead</Table.ColumnHeaderCell>
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {rows.map((r) => (
          <Table.Row key={`${r.node_id}:${r.branch}`}>
            <Table.RowHeaderCell>
              {r.node_id} / {r.branch}
            </Table.RowHeaderCell>
            <Table.Cell>{r.runs}</Table.Cell>
            <Table.Cell>{percent(r.handoff_rate)}</Table.Cell>
            <Table.Cell>{percent(r.bot_resolution_rate)}</Table.Cell>
            <Table.Cell>
              {r.avg_lead_score === null ? (
                '—'
              ) : (
                <LocalNumber
                  value={Number(r.avg_lead_score)}
                  options={{ maximumFractionDigits: 1, minimumFractionDigits: 1 }}
                />
              )}
            </Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table.Root>
  )
}
