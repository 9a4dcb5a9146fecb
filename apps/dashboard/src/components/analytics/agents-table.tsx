'use client'

import { formatDuration, type Report } from '@parley/supabase/analytics'
import { Button, Table } from '@radix-ui/themes'
import { ChartCard } from './chart-card.tsx'
import type { OpenDrill } from './drill.ts'

/** Per person who answered (Chatwoot's agents by name, dashboard members by profile). */
export function AgentsTable({ agents, onDrill }: { agents: Report['agents']; onDrill: OpenDrill }) {
  return (
    <ChartCard
      title="People"
      hint="Conversations each person answered first, their median first reply and time to resolution."
      empty={agents.length === 0 ? 'No conversation was answered by a person in this period.' : null}
    >
      <Table.Root size="1" aria-label="People">
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeaderCell>Person</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell>Conversations</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell>First reply</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell>Resolution</Table.ColumnHeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {agents.map((a) => (
            <Table.Row key={a.agent}>
              <Table.RowHeaderCell>{a.agent}</Table.RowHeaderCell>
              <Table.Cell>
                <Button
                  size="1"
                  variant="ghost"
                  onClick={() =>
                    onDrill({ title: `Answered by ${a.agent}`, kinds: ['agent_first_reply'], agent: a.agent })
                  }
                >
                  {a.conversations}
                </Button>
              </Table.Cell>
              <Table.Cell>{formatDuration(a.median_first_response_s)}</Table.Cell>
              <Table.Cell>{formatDuration(a.median_resolution_s)}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table.Root>
    </ChartCard>
  )
}
