// Words for the automation screens: statuses and times, the same everywhere.

export type WorkflowState = 'draft' | 'live' | 'paused'

export function workflowState(w: { published_version: number | null; enabled: boolean }): WorkflowState {
  if (w.published_version === null) return 'draft'
  return w.enabled ? 'live' : 'paused'
}

export const stateLabel: Record<WorkflowState, string> = { draft: 'Draft', live: 'Live', paused: 'Paused' }
export const stateColor = { draft: 'gray', live: 'green', paused: 'amber' } as const

export const runStatusColor: Record<string, 'green' | 'red' | 'blue' | 'amber' | 'gray'> = {
  succeeded: 'green',
  failed: 'red',
  running: 'blue',
  waiting: 'amber',
  cancelled: 'gray',
  skipped: 'gray',
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })

/** "3 minutes ago", for times shown next to live data. */
export function ago(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000)
  const abs = Math.abs(seconds)
  if (abs < 60) return relative.format(seconds, 'second')
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute')
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour')
  return relative.format(Math.round(seconds / 86_400), 'day')
}

/** A step's duration: "120 ms", "3.4 s", "2 h 5 min". */
export function duration(from: string, to: string | null): string {
  if (!to) return '…'
  const ms = new Date(to).getTime() - new Date(from).getTime()
  if (ms < 1000) return `${ms} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const minutes = Math.round(ms / 60_000)
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}
