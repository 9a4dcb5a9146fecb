// GET /health on the devstack's gateway: the devstack's own parts, each asked directly (not through the
// gateway) and within a timeout, so one stuck part never holds the answer up. Words as in the `health`
// function's report (@parley/supabase/health); `pnpm devstack status` prints both.
import { overall, type PartReport, type PartStatus } from '@parley/supabase/health'
import type { Database } from './db/index.ts'
import type { FunctionsHealth } from './functions/index.ts'
import type { RealtimeHealth } from './realtime/index.ts'
import type { SchedulerHealth } from './scheduler.ts'

export const DEVSTACK_PARTS = ['database', 'rest', 'auth', 'realtime', 'functions', 'scheduler'] as const
export type DevstackPart = (typeof DEVSTACK_PARTS)[number]

export interface DevstackHealth {
  status: PartStatus
  checked_at: string
  engine: Database['kind']
  parts: {
    database: PartReport
    rest: PartReport
    auth: PartReport
    realtime: PartReport & Partial<RealtimeHealth>
    functions: PartReport & Partial<Pick<FunctionsHealth, 'workers'>>
    scheduler: PartReport & { enabled: boolean } & Partial<SchedulerHealth>
  }
}

export interface HealthSources {
  db: Pick<Database, 'kind' | 'pool'>
  postgrestUrl: string
  realtime: { health(): Promise<RealtimeHealth> }
  functions: { health(): FunctionsHealth }
  /** Undefined while the scheduler is off (DEVSTACK_SCHEDULER=0, and in tests unless asked for). */
  scheduler: () => { health(): SchedulerHealth } | undefined
}

/** A scheduler whose last good run is older than this has stopped calling the outbox (it runs every 5 s). */
const SCHEDULER_STALLED_MS = 30_000
/** Captured changes waiting beyond this many means delivery has fallen behind. */
const REALTIME_BACKLOG_LIMIT = 1000

/** `probe`'s report, or down when it throws or takes longer than `timeoutMs`. */
async function timed(
  timeoutMs: number,
  probe: (signal: AbortSignal) => Promise<Omit<PartReport, 'latency_ms'>>,
): Promise<PartReport> {
  const started = performance.now()
  const signal = AbortSignal.timeout(timeoutMs)
  const latency_ms = () => Math.round(performance.now() - started)
  const deadline = new Promise<never>((_, reject) =>
    signal.addEventListener('abort', () => reject(new Error(`no answer within ${timeoutMs} ms`))),
  )
  try {
    return { ...(await Promise.race([probe(signal), deadline])), latency_ms: latency_ms() }
  } catch (error) {
    return { status: 'down', latency_ms: latency_ms(), detail: (error as Error).message }
  } finally {
    deadline.catch(() => undefined)
  }
}

export async function checkDevstack(sources: HealthSources, timeoutMs = 2000): Promise<DevstackHealth> {
  const { db } = sources
  const [database, rest, auth, realtime] = await Promise.all([
    timed(timeoutMs, async () => {
      await db.pool.query('select 1')
      return { status: 'ok', detail: db.kind === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL' }
    }),
    timed(timeoutMs, async (signal) => {
      const response = await fetch(`${sources.postgrestUrl}/`, { signal })
      await response.body?.cancel()
      return response.ok
        ? { status: 'ok' }
        : { status: 'down', detail: `PostgREST answered ${response.status}` }
    }),
    // Auth runs in this process; what it needs is its schema.
    timed(timeoutMs, async () => {
      await db.pool.query('select 1 from auth.users limit 1')
      return { status: 'ok' }
    }),
    timed(timeoutMs, async () => {
      const state = await sources.realtime.health()
      const trouble = [
        ...(state.listening
          ? []
          : ['changes are not heard as they commit (only the 3 s safety poll delivers them)']),
        ...(state.backlog > REALTIME_BACKLOG_LIMIT ? [`${state.backlog} changes wait to be delivered`] : []),
      ]
      return {
        status: trouble.length ? 'degraded' : 'ok',
        ...(trouble.length ? { detail: trouble.join('; ') } : {}),
        ...state,
      }
    }),
  ])
  const parts = {
    database,
    rest,
    auth,
    realtime,
    functions: functions(sources),
    scheduler: scheduler(sources),
  }
  return {
    status: overall(Object.fromEntries(Object.entries(parts).map(([name, part]) => [name, part.status]))),
    checked_at: new Date().toISOString(),
    engine: db.kind,
    parts,
  }
}

function functions(sources: HealthSources): DevstackHealth['parts']['functions'] {
  const { stopped, workers } = sources.functions.health()
  if (stopped) return { status: 'down', detail: 'the functions runner is stopped', workers }
  const failed = Object.entries(workers).filter(([, w]) => w.boot_error && w.state !== 'ready')
  if (failed.length === 0) return { status: 'ok', workers }
  return {
    status: 'degraded',
    detail: failed.map(([slug, w]) => `${slug} failed to boot: ${w.boot_error}`).join('; '),
    workers,
  }
}

function scheduler(sources: HealthSources): DevstackHealth['parts']['scheduler'] {
  const running = sources.scheduler()
  if (!running)
    return {
      status: 'degraded',
      enabled: false,
      detail: 'off (DEVSTACK_SCHEDULER=0): jobs run only when something calls the outbox function',
    }
  const state = running.health()
  const lastOk = state.last_ok_at ? Date.parse(state.last_ok_at) : undefined
  const stalled = state.runs > 0 && (lastOk === undefined || Date.now() - lastOk > SCHEDULER_STALLED_MS)
  const status: PartStatus = state.last_error || stalled ? 'degraded' : 'ok'
  return { status, enabled: true, ...(state.last_error ? { detail: state.last_error } : {}), ...state }
}
