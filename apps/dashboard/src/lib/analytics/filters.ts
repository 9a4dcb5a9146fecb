import { z } from 'zod'

/** What the analytics page is filtered by; every field lives in the URL so a view can be shared. */
export type AnalyticsFilters = {
  from: string
  to: string
  chatbot: string | null
  language: string | null
  channel: string | null
  tag: string | null
}

const isoDate = z.iso.date()
const DAY_MS = 86_400_000
/** The longest period one view reads (a year and a day covers "the last 12 months" in any zone). */
export const MAX_DAYS = 366

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1
}

/** Today in the store's time zone, as the rollups count days. */
export function todayIn(timeZone: string, now = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(now)
  } catch {
    return now.toISOString().slice(0, 10)
  }
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => v || null)
    .nullable()
    .catch(null)

const searchSchema = z.object({
  from: isoDate.nullable().catch(null),
  to: isoDate.nullable().catch(null),
  chatbot: z.uuid().nullable().catch(null),
  language: optionalText(16),
  channel: optionalText(32),
  tag: optionalText(80),
})

type Search = Record<string, string | string[] | undefined> | URLSearchParams

function first(search: Search, key: string): string | null {
  const value = search instanceof URLSearchParams ? search.get(key) : search[key]
  return (Array.isArray(value) ? value[0] : value) ?? null
}

/**
 * The filters a URL asks for; anything malformed is ignored rather than refused (a hand-edited URL still
 * shows the page). Without dates: the last 30 days up to `today`. A reversed range is put right, a range
 * longer than MAX_DAYS is cut to its last MAX_DAYS.
 */
export function parseFilters(search: Search, today: string): AnalyticsFilters {
  const raw = searchSchema.parse({
    from: first(search, 'from'),
    to: first(search, 'to'),
    chatbot: first(search, 'chatbot'),
    language: first(search, 'language'),
    channel: first(search, 'channel'),
    tag: first(search, 'tag'),
  })
  let to = raw.to ?? today
  let from = raw.from ?? addDays(to, -29)
  if (from > to) [from, to] = [to, from]
  if (daysBetween(from, to) > MAX_DAYS) from = addDays(to, -(MAX_DAYS - 1))
  return { ...raw, from, to }
}

/** The query string of a view (empty values left out). */
export function filtersToSearch(filters: AnalyticsFilters): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value)
  return params.toString()
}

/** The RPC arguments the analytics functions take for these filters. */
export function filterArgs(storeId: string, filters: AnalyticsFilters) {
  return {
    p_store_id: storeId,
    p_from: filters.from,
    p_to: filters.to,
    p_chatbot_id: filters.chatbot ?? undefined,
    p_language: filters.language ?? undefined,
    p_channel: filters.channel ?? undefined,
    p_tag: filters.tag ?? undefined,
  }
}
