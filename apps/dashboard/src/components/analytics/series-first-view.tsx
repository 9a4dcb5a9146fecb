import type { Report } from '@parley/supabase/analytics'

/** Where Recharts puts its plot in SERIES_HEIGHT (its Y axis, X axis and one legend line): the bars stay put. */
const plot = { top: 8, right: 8, bottom: 56, left: 44 }

/** The top of the Y axis as Recharts picks it for five ticks: a round step (1, 2, 2.5 or 5 x 10^n) times 4. */
function axisTop(max: number): number {
  if (max <= 0) return 1
  const rough = max / 4
  const power = 10 ** Math.floor(Math.log10(rough))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? rough
  return Math.max(1, Math.ceil(max / step)) * step
}

/**
 * The time series' first view: conversations per day as plain bars, in the server's HTML, where Recharts
 * draws them once its script has run. Hidden from screen readers: the daily table under the chart says
 * the same, with a button per figure.
 */
export function SeriesFirstView({ series }: { series: Report['series'] }) {
  const top = axisTop(
    Math.max(
      0,
      ...series.flatMap((d) => [
        d.conversations,
        d.handoffs,
        d.resolved_by_bot,
        d.resolved_by_agent,
        d.unanswered,
      ]),
    ),
  )
  return (
    <div
      aria-hidden="true"
      style={{
        position: 'absolute',
        inset: `${plot.top}px ${plot.right}px ${plot.bottom}px ${plot.left}px`,
        display: 'flex',
        alignItems: 'flex-end',
        borderBottom: '1px solid var(--gray-a7)',
      }}
    >
      {series.map((d) => (
        // a day's band, its bar 80 % of it in the middle, as Recharts spaces them
        <div
          key={d.day}
          style={{
            flex: 1,
            height: '100%',
            display: 'flex',
            alignItems: 'flex-end',
            justifyContent: 'center',
          }}
        >
          {d.conversations ? (
            <div
              data-bar=""
              style={{
                width: '80%',
                height: `${(d.conversations / top) * 100}%`,
                background: 'var(--accent-9)',
              }}
            />
          ) : null}
        </div>
      ))}
    </div>
  )
}
