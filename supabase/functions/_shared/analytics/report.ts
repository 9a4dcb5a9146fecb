import type { Kpis, Report } from './report-schema.ts'

// What the analytics report is: its shape (report-schema.ts), the KPIs and how they read. The dashboard, its
// exports and the emailed report all draw from here.
export type { Kpis, Report }

/** The fact kinds behind each thing a chart draws, for the drill-down. */
export const seriesKinds = {
  conversations: ['conversation_started'],
  handoffs: ['handoff_requested'],
  resolved_by_bot: ['resolved_by_bot'],
  resolved_by_agent: ['resolved_by_agent'],
  unanswered: ['unanswered_question'],
} as const

export const funnelLabels: Record<string, string> = {
  form_completed: 'Form',
  conversation_started: 'Chat opened',
  first_message: 'First message',
  engaged: 'Engaged (2nd line)',
}

/** "1 m 05 s", "3 h 20 m", or a dash. */
export function formatDuration(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–'
  const s = Math.round(value)
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s`
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} m`
  return `${(s / 86_400).toFixed(1)} d`
}

export function formatPercent(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1)} %`
}

/**
 * The change against the previous period, as the KPI card shows it: a relative change for counts, an
 * absolute one for rates and scores; null when there is nothing to compare with.
 */
export function change(current: number | null, previous: number | null, kind: KpiDefinition['kind']) {
  if (current === null || previous === null) return null
  if (kind === 'count') return previous === 0 ? null : (current - previous) / previous
  // In whole seconds, as the card shows the time itself: half a second either way is no change.
  if (kind === 'duration') return Math.round(current - previous) || 0 // never -0
  return current - previous
}

export type KpiKey =
  | 'conversations'
  | 'bot_resolution'
  | 'handoff_rate'
  | 'bot_reply'
  | 'agent_first_reply'
  | 'resolution'
  | 'sentiment'
  | 'leads'
  | 'automation_runs'
  | 'automation_failures'

export type KpiDefinition = {
  key: KpiKey
  label: string
  value: (k: Kpis) => number | null
  format: (v: number | null) => string
  /** A count changes relatively (%), a rate in points, a time or score by its difference. */
  kind: 'count' | 'rate' | 'duration' | 'score'
  /** Whether a rise is good news (more conversations) or bad (a longer reply time). */
  better: 'up' | 'down'
}

const formatCount = (v: number | null) => (v === null ? '–' : v.toLocaleString('en-US'))

export const kpiDefinitions: KpiDefinition[] = [
  {
    key: 'conversations',
    label: 'Conversations',
    value: (k) => k.conversations,
    format: formatCount,
    kind: 'count',
    better: 'up',
  },
  {
    key: 'bot_resolution',
    label: 'Resolved by the bot',
    value: (k) => k.bot_resolution_rate,
    format: formatPercent,
    kind: 'rate',
    better: 'up',
  },
  {
    key: 'handoff_rate',
    label: 'Handoff rate',
    value: (k) => k.handoff_rate,
    format: formatPercent,
    kind: 'rate',
    better: 'down',
  },
  {
    key: 'bot_reply',
    label: 'Bot reply time (median)',
    value: (k) => k.median_bot_response_s,
    format: formatDuration,
    kind: 'duration',
    better: 'down',
  },
  {
    key: 'agent_first_reply',
    label: 'First reply by people (median)',
    value: (k) => k.median_agent_first_response_s,
    format: formatDuration,
    kind: 'duration',
    better: 'down',
  },
  {
    key: 'resolution',
    label: 'Resolution time (median)',
    value: (k) => k.median_resolution_s,
    format: formatDuration,
    kind: 'duration',
    better: 'down',
  },
  {
    key: 'sentiment',
    label: 'Average sentiment',
    value: (k) => k.avg_sentiment,
    format: (v) => (v === null ? '–' : v.toFixed(2)),
    kind: 'score',
    better: 'up',
  },
  {
    key: 'leads',
    label: 'Leads over 75',
    value: (k) => k.leads_over_75,
    format: formatCount,
    kind: 'count',
    better: 'up',
  },
  {
    key: 'automation_runs',
    label: 'Automation runs',
    value: (k) => k.automation_runs,
    format: formatCount,
    kind: 'count',
    better: 'up',
  },
  {
    key: 'automation_failures',
    label: 'Automation failures',
    value: (k) => k.automation_failures,
    format: formatCount,
    kind: 'count',
    better: 'down',
  },
]

/** "+12 %", "-3.0 pts", "+1 m 05 s", "+0.12": the change as a card or the PDF prints it; null when there is none to show. */
export function formatChange(delta: number | null, kind: KpiDefinition['kind']): string | null {
  if (delta === null || delta === 0 || !Number.isFinite(delta)) return null
  const sign = delta > 0 ? '+' : ''
  if (kind === 'count') return `${sign}${(delta * 100).toFixed(0)} %`
  if (kind === 'rate') return `${sign}${(delta * 100).toFixed(1)} pts`
  if (kind === 'duration') return `${delta > 0 ? '+' : '-'}${formatDuration(Math.abs(delta))}`
  return `${sign}${Math.abs(delta) >= 10 ? delta.toFixed(0) : delta.toFixed(2)}`
}
