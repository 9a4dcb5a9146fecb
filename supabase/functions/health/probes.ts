// The probes behind GET /functions/v1/health. Each asks one part the cheapest question that proves it
// works the way a client uses it, and gives its answer within the timeout whatever the part does.
import { createClient } from '@supabase/supabase-js'
import { type BreakerState, breakerState } from '../_shared/breaker.ts'
import {
  ChatwootHttpError,
  ChatwootNetworkError,
  ChatwootTimeoutError,
  installationStatus,
} from '../_shared/chatwoot/index.ts'
import type {
  BreakerReport,
  DestinationReport,
  DetailedParts,
  PartReport,
  PartStatus,
} from '../_shared/health.ts'
import { worst } from '../_shared/health.ts'
import { serviceClient } from '../_shared/supabase.ts'

export interface ProbeSettings {
  supabaseUrl: string
  anonKey: string
  /** Each probe's limit (HEALTH_PROBE_TIMEOUT_MS). */
  timeoutMs: number
  /** Where Chatwoot lives; undefined when it is not configured. */
  chatwootUrl: string | undefined
}

/** The functions Parley cannot work without: the visitors' chat, the jobs, and Chatwoot's replies. */
export const ESSENTIAL_FUNCTIONS = ['chat', 'outbox', 'chatwoot-webhook-handler'] as const

type Timed<T> =
  | { ok: true; value: T; latency_ms: number }
  | { ok: false; error: unknown; latency_ms: number; timedOut: boolean }

/** Runs `probe` with a signal that aborts after `timeoutMs`, and settles by then even if the probe does not. */
async function timed<T>(timeoutMs: number, probe: (signal: AbortSignal) => Promise<T>): Promise<Timed<T>> {
  const started = performance.now()
  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort()
      reject(new Error(`no answer within ${timeoutMs} ms`))
    }, timeoutMs)
  })
  const latency = () => Math.round(performance.now() - started)
  try {
    const value = await Promise.race([probe(controller.signal), deadline])
    return { ok: true, value, latency_ms: latency() }
  } catch (error) {
    return { ok: false, error, latency_ms: latency(), timedOut: controller.signal.aborted }
  } finally {
    clearTimeout(timer)
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

/** A part that did not answer (or answered wrong). */
function failed(result: { latency_ms: number }, detail: string, status: PartStatus = 'down'): PartReport {
  return { status, latency_ms: result.latency_ms, detail }
}

/** The breaker's stored state (epoch ms) as people read it. */
export function breakerReport(state: BreakerState | null | undefined): BreakerReport {
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString())
  return {
    status: state?.status ?? 'closed',
    failures: state?.failures ?? 0,
    opened_at: iso(state?.openedAt),
    retry_at: state?.status === 'closed' ? null : iso(state?.halfOpenAt),
  }
}

/** Seconds a due job may wait before the outbox counts as stalled: the scheduler calls it every 5 s. */
export const STALLED_AFTER_SECONDS = 60

/** While an open breaker holds a destination's jobs back: until when (ISO), else null. */
export function pausedUntil(breaker: BreakerReport | null, now: number): string | null {
  if (breaker?.status !== 'open' || !breaker.retry_at) return null
  return Date.parse(breaker.retry_at) > now ? breaker.retry_at : null
}

function destinationStatus(d: DestinationReport, now: number): PartStatus {
  const stalled = (d.oldest_due_seconds ?? 0) > STALLED_AFTER_SECONDS
  return d.dead > 0 || stalled || pausedUntil(d.breaker, now) ? 'degraded' : 'ok'
}

function destinationTrouble(d: DestinationReport, now: number): string[] {
  const trouble: string[] = []
  if (d.dead > 0) trouble.push(`${d.destination}: ${d.dead} dead job(s) wait for a Retry`)
  if ((d.oldest_due_seconds ?? 0) > STALLED_AFTER_SECONDS)
    trouble.push(
      `${d.destination}: a job has been due for ${Math.round(d.oldest_due_seconds ?? 0)} s (is the outbox function called every few seconds?)`,
    )
  const paused = pausedUntil(d.breaker, now)
  if (paused) trouble.push(`${d.destination}: jobs are held back by the circuit breaker until ${paused}`)
  return trouble
}

/**
 * The database, PostgREST and the outbox in one call, as every client reaches them: the service role
 * reads public.outbox_health() through PostgREST. Who failed is told by how: no answer is PostgREST's
 * failure, PostgREST's PGRST00x codes say it cannot reach the database.
 */
export async function probeData(
  s: ProbeSettings,
  now: number,
): Promise<Pick<DetailedParts, 'database' | 'rest' | 'outbox'>> {
  const result = await timed(
    s.timeoutMs,
    async (signal) => await serviceClient().rpc('outbox_health').abortSignal(signal),
  )
  const unasked = (why: string) => ({
    rest: failed(result, why),
    database: failed(result, `Could not be asked: ${why}`),
    outbox: { ...failed(result, `Could not be read: ${why}`), destinations: [] },
  })
  if (!result.ok) return unasked(`PostgREST did not answer: ${messageOf(result.error)}`)
  const { data, error, status } = result.value
  if (error) {
    if (status === 0 || (status >= 500 && !error.code))
      return unasked(`PostgREST did not answer: ${error.message || `HTTP ${status}`}`)
    const why = /^PGRST00/.test(error.code)
      ? `PostgREST cannot reach the database (${error.code}): ${error.message}`
      : `reading the outbox failed (${error.code}): ${error.message}`
    return {
      rest: { status: 'ok', latency_ms: result.latency_ms },
      database: failed(result, why, /^PGRST00/.test(error.code) ? 'down' : 'degraded'),
      outbox: { ...failed(result, why), destinations: [] },
    }
  }
  const destinations: DestinationReport[] = (data ?? []).map((row) => ({
    destination: row.destination,
    backlog: Number(row.backlog),
    oldest_due_at: row.oldest_due_at,
    oldest_due_seconds: row.oldest_due_seconds,
    dead: Number(row.dead),
    last_error: row.last_error,
    breaker: breakerReport(breakerState(row.breaker)),
  }))
  const trouble = destinations.flatMap((d) => destinationTrouble(d, now))
  return {
    rest: { status: 'ok', latency_ms: result.latency_ms },
    database: { status: 'ok', latency_ms: result.latency_ms },
    outbox: {
      status: worst(destinations.map((d) => destinationStatus(d, now))),
      latency_ms: result.latency_ms,
      ...(trouble.length ? { detail: trouble.join('; ') } : {}),
      destinations,
    },
  }
}

/** Auth's own health endpoint (GoTrue's GET /auth/v1/health), with the anon key as any client sends it. */
export async function probeAuth(s: ProbeSettings): Promise<DetailedParts['auth']> {
  const result = await timed(s.timeoutMs, async (signal) => {
    const response = await fetch(`${s.supabaseUrl}/auth/v1/health`, {
      headers: { apikey: s.anonKey },
      signal,
    })
    const body = await response.json().catch(() => ({}))
    return { status: response.status, version: typeof body.version === 'string' ? body.version : undefined }
  })
  if (!result.ok) return failed(result, `Auth did not answer: ${messageOf(result.error)}`)
  if (result.value.status !== 200) return failed(result, `Auth answered ${result.value.status}`)
  return {
    status: 'ok',
    latency_ms: result.latency_ms,
    ...(result.value.version ? { version: result.value.version } : {}),
  }
}

/**
 * Realtime as the widget and the dashboard use it: open the WebSocket with the anon key and join a
 * channel. (Hosted Realtime's tenant health endpoint needs its admin secret, and its public /api/ping
 * answers without touching sockets or channels.)
 */
export async function probeRealtime(s: ProbeSettings): Promise<PartReport> {
  const client = createClient(s.supabaseUrl, s.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { timeout: s.timeoutMs },
  })
  const channel = client.channel(`health:${crypto.randomUUID()}`)
  const result = await timed(
    s.timeoutMs,
    () =>
      new Promise<void>((resolve, reject) => {
        channel.subscribe((state, error) => {
          if (state === 'SUBSCRIBED') resolve()
          else reject(error ?? new Error(`the channel ${state.toLowerCase().replace('_', ' ')}`))
        })
      }),
  )
  // Closing the socket ends the channel too, without waiting for a leave reply that may never come.
  client.realtime.disconnect()
  if (!result.ok) return failed(result, `Could not join a channel: ${messageOf(result.error)}`)
  return { status: 'ok', latency_ms: result.latency_ms }
}

/**
 * Each essential function, asked with a CORS preflight: it reaches the function's code without a JWT and
 * does nothing, so any answer but the runtime's 5xx (BOOT_ERROR, WORKER_ERROR) means it boots and serves.
 */
export async function probeFunctions(s: ProbeSettings): Promise<DetailedParts['functions']> {
  const results = await Promise.all(
    ESSENTIAL_FUNCTIONS.map(async (name) => {
      const result = await timed(s.timeoutMs, async (signal) => {
        const response = await fetch(`${s.supabaseUrl}/functions/v1/${name}`, {
          method: 'OPTIONS',
          headers: { Origin: s.supabaseUrl, 'Access-Control-Request-Method': 'POST' },
          signal,
        })
        await response.body?.cancel()
        return response.status
      })
      const why = !result.ok
        ? `${name} did not answer: ${messageOf(result.error)}`
        : result.value >= 500
          ? `${name} answered ${result.value}`
          : undefined
      return { name, latency_ms: result.latency_ms, why }
    }),
  )
  const functions = Object.fromEntries(results.map((r) => [r.name, r.why ? 'down' : 'ok'])) as Record<
    string,
    PartStatus
  >
  const down = results.filter((r) => r.why)
  return {
    status: down.length === 0 ? 'ok' : down.length === results.length ? 'down' : 'degraded',
    latency_ms: Math.max(...results.map((r) => r.latency_ms)),
    ...(down.length ? { detail: down.map((r) => r.why).join('; ') } : {}),
    functions,
  }
}

/**
 * Chatwoot's one unauthenticated call (GET /api: its version and whether its Redis and Postgres answer),
 * sent once, without the jobs' circuit breaker: a health check neither opens nor closes it.
 */
export async function probeChatwoot(s: ProbeSettings): Promise<Omit<DetailedParts['chatwoot'], 'breaker'>> {
  if (!s.chatwootUrl)
    return { status: 'down', url: null, detail: 'CHATWOOT_URL is not set: handoffs cannot reach Chatwoot' }
  const url = s.chatwootUrl
  const result = await timed(s.timeoutMs, (signal) =>
    installationStatus({ baseUrl: url, timeoutMs: s.timeoutMs, retry: { maxAttempts: 1 } }, { signal }),
  )
  if (!result.ok) {
    const error = result.error
    const why =
      error instanceof ChatwootHttpError
        ? `Chatwoot answered ${error.status}: ${error.detail}`
        : error instanceof ChatwootTimeoutError || result.timedOut
          ? `Chatwoot did not answer within ${s.timeoutMs} ms`
          : error instanceof ChatwootNetworkError
            ? `Chatwoot could not be reached: ${messageOf(error.cause)}`
            : `Chatwoot could not be reached: ${messageOf(error)}`
    return { ...failed(result, why), url }
  }
  const { version, queue_services, data_services } = result.value
  const failing = [
    ...(queue_services !== 'ok' ? ['its queue (Redis)'] : []),
    ...(data_services !== 'ok' ? ['its database'] : []),
  ]
  return {
    status: failing.length ? 'degraded' : 'ok',
    latency_ms: result.latency_ms,
    url,
    version,
    ...(failing.length ? { detail: `Chatwoot answers, but says ${failing.join(' and ')} is failing` } : {}),
  }
}
