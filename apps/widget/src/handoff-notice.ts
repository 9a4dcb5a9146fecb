// What the widget tells a visitor waiting for a person: who is coming and when (the store's business
// hours and usual reply time), and, while the handoff cannot reach the team (Chatwoot down, the job
// retrying), how else to reach the store. Nothing the visitor wrote is lost either way.
import { en, type Strings } from './i18n/en.ts'
import type { HandoffInfo, HandoffState } from './rows.ts'

/** "Mon–Fri 09:00–17:00, Sat 10:00–14:00" from `{ "Mon–Fri": "09:00–17:00", ... }` (text values only). */
const WEEK = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
/** Monday first; a key like "Mon–Fri" sorts by its first day, anything else last. jsonb keeps no order. */
const weekdayRank = (day: string) => {
  const i = WEEK.indexOf(day.trim().slice(0, 3))
  return i < 0 ? WEEK.length : i
}

export function formatBusinessHours(hours: Record<string, unknown> | null | undefined): string {
  return Object.entries(hours ?? {})
    .filter(([day, time]) => day.trim() && typeof time === 'string' && time.trim())
    .sort(([a], [b]) => weekdayRank(a) - weekdayRank(b))
    .map(([day, time]) => `${day.trim()} ${String(time).trim()}`)
    .join(', ')
}

export function waitingNotice(storeName: string, info: HandoffInfo | undefined, t: Strings = en): string {
  const parts = [t.waiting(storeName)]
  if (info?.reply_time?.trim()) parts.push(t.replyTime(info.reply_time.trim()))
  const hours = formatBusinessHours(info?.business_hours)
  if (hours) parts.push(t.hours(hours))
  return parts.join(' ')
}

/** The fallback contact while the handoff is failing, or null when there is nothing to offer. */
export function fallbackNotice(
  info: HandoffInfo | undefined,
  state: HandoffState,
  t: Strings = en,
): string | null {
  if (state !== 'failing' && state !== 'dead') return null
  const ways = [
    info?.fallback_phone?.trim() ? t.call(info.fallback_phone.trim()) : null,
    info?.fallback_email?.trim() ? t.email(info.fallback_email.trim()) : null,
  ].filter(Boolean)
  const said = `${t.cantReach} ${t.keepSaved}`
  return ways.length ? `${said} ${t.urgent(ways.join(t.or))}` : said
}
