import type { seriesKinds } from '@parley/supabase/analytics'

export type SeriesKey = keyof typeof seriesKinds

/** The series' names, in the legend, the daily table and a drill's title. */
export const seriesLabels: Record<SeriesKey, string> = {
  conversations: 'Conversations',
  handoffs: 'Handoffs',
  resolved_by_bot: 'Resolved by bot',
  resolved_by_agent: 'Resolved by people',
  unanswered: 'Unanswered',
}

/** The chart's drawing area, shared by the first view and Recharts so the swap does not move the card. */
export const SERIES_HEIGHT = 260
