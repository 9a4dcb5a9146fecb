import { Badge } from '@radix-ui/themes'
import type { LiveStatus } from '../../lib/realtime.ts'

const look = {
  live: { color: 'green', text: 'Live' },
  connecting: { color: 'gray', text: 'Connecting…' },
  reconnecting: { color: 'amber', text: 'Reconnecting…' },
} as const

/** Whether updates arrive on their own right now; announced politely when it changes. */
export function LiveIndicator({ status, label }: { status: LiveStatus; label: string }) {
  const { color, text } = look[status]
  return (
    <Badge color={color} variant="soft" role="status" aria-label={`${label}: ${text}`} data-live={status}>
      <span
        aria-hidden
        style={{
          width: 8,
          height: 8,
          borderRadius: '50%',
          background: `var(--${color}-9)`,
          display: 'inline-block',
        }}
      />
      {text}
    </Badge>
  )
}
