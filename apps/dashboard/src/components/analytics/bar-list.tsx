import styles from './bar-list.module.css'
import { ChartCard } from './chart-card.tsx'

export type BarItem = { label: string; value: number; note?: string; onClick?: () => void }

/**
 * A horizontal bar per item (a funnel step, an intent, a sentiment bucket), drawn in HTML so the server's
 * first view already shows it. A clickable bar is a button (its conversations open on click or Enter);
 * the label and the figure are its text, so keyboards and screen readers need no second list.
 */
export function BarList({
  title,
  hint,
  items,
  empty,
  color = 'accent',
  testId,
}: {
  title: string
  hint?: string
  items: BarItem[]
  empty: string
  /** A Radix colour scale; the bar is its light tint, so the label over it stays readable. */
  color?: 'accent' | 'violet' | 'teal'
  testId?: string
}) {
  const max = Math.max(0, ...items.map((i) => i.value))
  return (
    <ChartCard title={title} hint={hint} empty={max === 0 ? empty : null}>
      <ul className={styles.list} aria-label={title} data-testid={testId}>
        {items.map((item) => {
          const row = (
            <>
              <span className={styles.track}>
                <span
                  className={styles.bar}
                  // a bar of 0 keeps a sliver, so the step is seen to exist
                  style={{
                    width: `max(4px, ${(item.value / max) * 100}%)`,
                    background: `var(--${color}-a5)`,
                  }}
                  data-bar=""
                />
                <span className={styles.label}>{item.label}</span>
              </span>
              <span className={styles.value}>
                {item.value}
                {item.note ? <span className={styles.note}> ({item.note})</span> : null}
              </span>
            </>
          )
          return (
            <li key={item.label}>
              {item.onClick ? (
                <button type="button" className={styles.row} onClick={item.onClick}>
                  {row}
                </button>
              ) : (
                <div className={styles.row}>{row}</div>
              )}
            </li>
          )
        })}
      </ul>
    </ChartCard>
  )
}
