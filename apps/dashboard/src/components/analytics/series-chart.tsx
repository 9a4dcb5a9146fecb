'use client'

import { type Report, seriesKinds } from '@parley/supabase/analytics'
import { Button, Flex, Table } from '@radix-ui/themes'
import { type ComponentType, useEffect, useState } from 'react'
import { ChartCard } from './chart-card.tsx'
import type { OpenDrill } from './drill.ts'
import { SeriesFirstView } from './series-first-view.tsx'
import { SERIES_HEIGHT, type SeriesKey, seriesLabels } from './series-labels.ts'
import type { SeriesRecharts } from './series-recharts.tsx'

type Chart = typeof SeriesRecharts

/** Recharts' chunk, fetched once the page is hydrated (its first view does not wait for it). */
function useRecharts(): Chart | null {
  const [chart, setChart] = useState<Chart | null>(null)
  useEffect(() => {
    let mounted = true
    void import('./series-recharts.tsx').then((m) => mounted && setChart(() => m.SeriesRecharts))
    return () => {
      mounted = false
    }
  }, [])
  return chart
}

/**
 * Conversations per day (bars; a bar opens that day's conversations) with handoffs, resolutions and
 * unanswered questions as lines. The same figures sit in a table under it, each a button, for keyboards.
 */
export function SeriesChart({ series, onDrill }: { series: Report['series']; onDrill: OpenDrill }) {
  const Recharts: ComponentType<Parameters<Chart>[0]> | null = useRecharts()
  const empty = series.every((d) => d.conversations === 0 && d.handoffs === 0 && d.unanswered === 0)
  const drillDay = (key: SeriesKey, day: string) =>
    onDrill({ title: `${seriesLabels[key]} on ${day}`, kinds: seriesKinds[key], day })
  return (
    <ChartCard
      title="Over time"
      hint="Click a bar to see that day's conversations."
      empty={empty ? 'No conversations in this period yet.' : null}
    >
      <div style={{ position: 'relative', width: '100%', height: SERIES_HEIGHT }} data-testid="series-chart">
        {Recharts ? (
          <Recharts series={series} onDrillDay={(day) => drillDay('conversations', day)} />
        ) : (
          <SeriesFirstView series={series} />
        )}
      </div>
      <details>
        <summary>Daily figures</summary>
        <Table.Root size="1" aria-label="Daily figures">
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell>Day</Table.ColumnHeaderCell>
              {Object.values(seriesLabels).map((l) => (
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
                  {(Object.keys(seriesLabels) as SeriesKey[]).map((key) => (
                    <Table.Cell key={key}>
                      <Flex>
                        <Button
                          size="1"
                          variant="ghost"
                          disabled={!d[key]}
                          onClick={() => drillDay(key, d.day)}
                          aria-label={`${seriesLabels[key]} on ${d.day}: ${d[key]}`}
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
