'use client'

import type { Report } from '@parley/supabase/analytics'
import {
  Bar,
  CartesianGrid,
  Cell,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { type SeriesKey, seriesLabels } from './series-labels.ts'

const lines: { key: Exclude<SeriesKey, 'conversations'>; color: string }[] = [
  { key: 'handoffs', color: 'var(--orange-9)' },
  { key: 'resolved_by_bot', color: 'var(--green-9)' },
  { key: 'resolved_by_agent', color: 'var(--blue-9)' },
  { key: 'unanswered', color: 'var(--red-9)' },
]

/**
 * The interactive chart (Recharts: axes, tooltip, legend, a bar click opens that day): loaded after the
 * page is shown, since Recharts is most of the page's JavaScript.
 */
export function SeriesRecharts({
  series,
  onDrillDay,
}: {
  series: Report['series']
  onDrillDay: (day: string) => void
}) {
  return (
    <ResponsiveContainer>
      <ComposedChart data={series} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} fontSize={11} />
        <YAxis allowDecimals={false} fontSize={11} />
        <Tooltip />
        <Legend />
        <Bar
          dataKey="conversations"
          name={seriesLabels.conversations}
          fill="var(--accent-9)"
          cursor="pointer"
          isAnimationActive={false}
          onClick={(data) => {
            const day = (data.payload as { day?: string } | undefined)?.day
            if (day) onDrillDay(day)
          }}
        >
          {series.map((d) => (
            <Cell key={d.day} data-bar="" />
          ))}
        </Bar>
        {lines.map((line) => (
          <Line
            key={line.key}
            dataKey={line.key}
            name={seriesLabels[line.key]}
            stroke={line.color}
            dot={false}
            // drawn over the bars: a click goes through to the day's bar
            pointerEvents="none"
            isAnimationActive={false}
          />
        ))}
      </ComposedChart>
    </ResponsiveContainer>
  )
}
