import { z } from 'zod'
import { defineNode } from '../../define.ts'
import type { StoreFacts } from '../../facts.ts'

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const

/** Whether the store is open at `now` by its business hours ({ Mon: '09:00–17:00' }) in its time zone. */
export function isOpen(store: Pick<StoreFacts, 'business_hours' | 'time_zone'>, now: Date): boolean {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: store.time_zone || 'UTC',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  const day = DAYS.find((d) => d === get('weekday'))
  const hours = day ? store.business_hours[day] : undefined
  if (typeof hours !== 'string') return false
  const [open, close] = hours.split(/\s*[–-]\s*/)
  const time = `${get('hour')}:${get('minute')}`
  return Boolean(open && close) && time >= (open as string) && time < (close as string)
}

export default defineNode({
  id: 'business-hours',
  version: 1,
  kind: 'condition',
  title: 'Business hours',
  description: "Open or closed right now, by the store's business hours in its time zone.",
  icon: 'clock',
  config: z.object({}),
  output: z.object({ port: z.string() }),
  ports: () => [
    { id: 'open', label: 'Open' },
    { id: 'closed', label: 'Closed' },
  ],
  evaluate: (_c, facts) => (isOpen(facts.store, facts.now) ? 'open' : 'closed'),
})
