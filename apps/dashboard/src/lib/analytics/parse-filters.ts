import { z } from 'zod'
import { type AnalyticsFilters, type AskedFilters, addDays, daysBetween, MAX_DAYS } from './filters.ts'

// Reading the filters from a URL, on the server (the page and its exports).

const isoDate = z.iso.date()

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
 * shows the page). Dates left out stay null: the report then picks the last 30 days (`withDates` here).
 */
export function readFilters(search: Search): AskedFilters {
  return searchSchema.parse({
    from: first(search, 'from'),
    to: first(search, 'to'),
    chatbot: first(search, 'chatbot'),
    language: first(search, 'language'),
    channel: first(search, 'channel'),
    tag: first(search, 'tag'),
  })
}

/**
 * The period as public.analytics_report settles it: without dates the last 30 days up to `today`; a
 * reversed range is put right, a range longer than MAX_DAYS is cut to its last MAX_DAYS.
 */
export function withDates(asked: AskedFilters, today: string): AnalyticsFilters {
  let to = asked.to ?? today
  let from = asked.from ?? addDays(to, -29)
  if (from > to) [from, to] = [to, from]
  if (daysBetween(from, to) > MAX_DAYS) from = addDays(to, -(MAX_DAYS - 1))
  return { ...asked, from, to }
}

export function parseFilters(search: Search, today: string): AnalyticsFilters {
  return withDates(readFilters(search), today)
}
