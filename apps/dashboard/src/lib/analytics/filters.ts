// The filters and their dates, for the page and its first view (no zod: a URL is read in parse-filters.ts).

/** What the analytics page is filtered by; every field lives in the URL so a view can be shared. */
export type AnalyticsFilters = {
  from: string
  to: string
  chatbot: string | null
  language: string | null
  channel: string | null
  tag: string | null
}

/** Filters as a URL gives them: a date left out is chosen by the report. */
export type AskedFilters = Omit<AnalyticsFilters, 'from' | 'to'> & { from: string | null; to: string | null }

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

/** The query string of a view (empty values left out). */
export function filtersToSearch(filters: AnalyticsFilters): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value)
  return params.toString()
}

/** The RPC arguments the analytics functions take for these filters. */
export function filterArgs(storeId: string, filters: AnalyticsFilters) {
  return { ...reportArgs(storeId, filters), p_from: filters.from, p_to: filters.to }
}

/** The same for public.analytics_report, which picks the period itself when the dates are left out. */
export function reportArgs(storeId: string, filters: AskedFilters) {
  return {
    p_store_id: storeId,
    p_from: filters.from ?? undefined,
    p_to: filters.to ?? undefined,
    p_chatbot_id: filters.chatbot ?? undefined,
    p_language: filters.language ?? undefined,
    p_channel: filters.channel ?? undefined,
    p_tag: filters.tag ?? undefined,
  }
}
