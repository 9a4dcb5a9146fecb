// What `devstack status` prints about health: the devstack's own parts (GET /health) and, while the stack
// runs, Parley's view of itself (GET /functions/v1/health with the service key), a line per part.
import type { DetailedHealth, PartReport } from '@parley/supabase/health'
import type { DevstackHealth } from './health.ts'

export interface StatusHealth {
  devstack: DevstackHealth
  /** Undefined when the function did not answer (not deployed in this checkout, or failing to boot). */
  functions: DetailedHealth | undefined
  /** Why the function's view is missing. */
  functionsError?: string
}

/** GET a JSON health report; 503 carries one too (something is down). Undefined when nothing answers. */
export async function fetchHealth<T>(url: string, headers: Record<string, string> = {}, timeoutMs = 5000) {
  try {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) })
    if (response.status !== 200 && response.status !== 503)
      return { error: `${url} answered ${response.status}: ${(await response.text()).slice(0, 200)}` }
    return { report: (await response.json()) as T }
  } catch (error) {
    return { error: `${url}: ${(error as Error).message}` }
  }
}

/** Extra facts worth a glance, per part. */
function facts(name: string, part: PartReport & Record<string, unknown>): string[] {
  if (name === 'realtime' && typeof part.connections === 'number')
    return [
      `${part.connections} connection(s), ${part.channels} channel(s), ${part.backlog} change(s) waiting`,
    ]
  if (name === 'functions' && part.workers)
    return [
      Object.entries(part.workers as Record<string, { state: string }>)
        .map(([slug, w]) => `${slug} ${w.state}`)
        .join(', ') || 'none started yet',
    ]
  if (name === 'functions' && part.functions)
    return [
      Object.entries(part.functions as Record<string, string>)
        .map(([slug, status]) => `${slug} ${status}`)
        .join(', '),
    ]
  if (name === 'scheduler' && part.enabled)
    return [`${part.runs} run(s)${part.last_ok_at ? `, last good ${part.last_ok_at}` : ''}`]
  if (name === 'outbox' && Array.isArray(part.destinations))
    return (part.destinations as DetailedHealth['parts']['outbox']['destinations']).map(
      (d) =>
        `${d.destination}: backlog ${d.backlog}, dead ${d.dead}, breaker ${d.breaker.status}` +
        (d.oldest_due_seconds !== null ? `, oldest due ${Math.round(d.oldest_due_seconds)} s` : ''),
    )
  if (name === 'chatwoot' && (part.url || part.version))
    return [[part.url, part.version && `v${part.version}`].filter(Boolean).join(' ')]
  return []
}

function section(title: string, report: { status: string; parts: object }): string {
  const lines = [`${title}: ${report.status}`]
  for (const [name, raw] of Object.entries(report.parts)) {
    const part = raw as PartReport & Record<string, unknown>
    const latency = part.latency_ms === undefined ? '' : `${part.latency_ms} ms`
    const notes = [...(part.detail ? [part.detail] : []), ...facts(name, part)]
    lines.push(
      `  ${name.padEnd(10)} ${part.status.padEnd(9)} ${latency.padStart(7)}  ${notes.join(' | ')}`.trimEnd(),
    )
  }
  return lines.join('\n')
}

export function formatHealth(health: StatusHealth): string {
  return [
    section('devstack (GET /health)', health.devstack),
    health.functions
      ? section('Parley (GET /functions/v1/health, service role)', health.functions)
      : `Parley (GET /functions/v1/health): no answer${health.functionsError ? ` (${health.functionsError})` : ''}`,
  ].join('\n\n')
}
