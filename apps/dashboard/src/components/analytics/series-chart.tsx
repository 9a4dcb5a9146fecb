'use client'

import { type Report, seriesKinds } from '@parley/supabase/analytics'
import { Button, Flex, Table } from '@radix-ui/themes'
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { ChartCard } from './chart-card.tsx'
import type { OpenDrill } from './drill.ts'

const labels: Record<keyof typeof seriesKinds, string> = {
  conversations: 'Conversations',
  handoffs: 'Handoffs',
  resolved_by_bot: 'Resolved by bot',
  resolved_by_agent: 'Resolved by people',
  unanswered: 'Unanswered',
}

/**
 * Conversations per day (bars; a bar opens that day's conversations) with handoffs, resolutions and
 * unanswered questions as lines. The same figures sit in a table under it, each a button, for keyboards.
 */
export function SeriesChart({ series, onDrill }: { series: Report['series']; onDrill: OpenDrill }) {
  const empty = series.every((d) => d.conversations === 0 && d.handoffs === 0 && d.unanswered === 0)
  const drillDay = (key: keyof typeof seriesKinds, day: string) =>
    onDrill({ title: `${labels[key]} on ${day}`, kinds: seriesKinds[key], day })
  return (
    <ChartCard
      title="Over time"
      hint="Click a bar to see that day's conversations."
      empty={empty ? 'No conversations in this period yet.' : null}
    >
      <div style={{ width: '100%', height: 260 }} data-testid="series-chart">
        <ResponsiveContainer>
          <ComposedChart data={series} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} fontSize={11} />
            <YAxis allowDecimals={false} fontSize={11} />
            <Tooltip />
            <Legend />
            <Bar
              dataKey="conversations"
              name={labels.conversations}
              fill="var(--accent-9)"
              cursor="pointer"
              isAnimationActive={false}
              onClick={(data) => {
                const day = (data.payload as { day?: string } | undefined)?.day
                if (day) drillDay('conversations', day)
              }}
            />
            <Line
              dataKey="handoffs"
              name={labels.handoffs}
              stroke="var(--orange-9)"
              dot={false}
              // drawn over the bars: a click goes through to the day's bar
              pointerEvents="none"
              isAnimationActive={false}
            />
            <Line
              dataKey="resolved_by_bot"
              name={labels.resolved_by_bot}
              stroke="var(--green-9)"
              dot={false}
              // drawn over the bars: a click goes through to the day's bar
              pointerEvents="none"
              isAnimationActive={false}
            />
            <Line
              dataKey="resolved_by_agent"
              name={labels.resolved_by_agent}
              stroke="var(--blue-9)"
              dot={false}
              // drawn over the bars: a click goes through to the day's bar
              pointerEvents="none"
              isAnimationActive={false}
            />
            <Line
              dataKey="unanswered"
              name={labels.unanswered}
              stroke="var(--red-9)"
              dot={false}
              // drawn over the bars: a click goes through to the day's bar
              pointerEvents="none"
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <details>
        <summary>Daily figures</summary>
        <Table.Root size="1" aria-label="Daily figures">
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell>Day</Table.ColumnHeaderCell>
              {Object.values(labels).map((l) => (
                <Table.ColumnHeaderCell key={l}>{l}</Table.ColumnHeaderCell>
              ))}
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {series
              .filter(
                (d) =>
                  d.conversations || d.handoffs || d.unanswered || d.resolved_by_bot || d.resolved_by_agent,
              )
              .map((d) => (
                <Table.Row key={d.day}>
                  <Table.RowHeaderCell>{d.day}</Table.RowHeaderCell>
                  {(Object.keys(labels) as (keyof typeof seriesKinds)[]).map((key) => (
                    <Table.Cell key={key}>
                      <Flex>
                        <Button
                          size="1"
                          variant="ghost"
                          disabled={!d[key]}
                          onClick={() => drillDay(key, d.day)}
                          aria-label={`${labels[key]} on ${d.day}: ${d[key]}`}
                        >
                          {d[key]}
                        </Button>
                      </Flex>
                    </Table.Cell>
                  ))}
                </Table.Row>
              ))}
          </Table.Body>
        </Table.Root>
      </details>
    </ChartCard>
  )
}
