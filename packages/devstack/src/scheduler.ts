import pg from 'pg'
import type { Database } from './db/index.ts'

const POLL_MS = 5000

export interface SchedulerOptions {
  db: Database
  /** The function to call, e.g. `<apiUrl>/functions/v1/outbox`. */
  url: string
  /** The pg_notify channel that wakes it (default 'outbox'). */
  channel?: string
  serviceRoleKey: string
  pollMs?: number
}

export interface SchedulerHealth {
  runs: number
  /** When the last call to the function ended, and when one last succeeded. */
  last_run_at: string | null
  last_ok_at: string | null
  /** Why the last call failed; null once one succeeds again. */
  last_error: string | null
}

export interface Scheduler {
  /** Run the dispatcher now (or right after the current run). */
  poke(): void
  health(): SchedulerHealth
  stop(): Promise<void>
}

/**
 * What pg_cron + pg_net do on hosted Supabase: call a worker function (the outbox dispatcher, the
 * automations worker), here on every pg_notify(<channel>) and every 5 s. Runs never overlap: a poke
 * during a run schedules one more run.
 */
export async function startScheduler(options: SchedulerOptions): Promise<Scheduler> {
  const { db } = options
  const CHANNEL = options.channel ?? 'outbox'
  const name = CHANNEL
  let running: Promise<void> | undefined
  let again = false
  let stopped = false
  let listener: pg.Client | undefined
  let unsubscribe: (() => void) | undefined
  let controller: AbortController | undefined
  const health: SchedulerHealth = { runs: 0, last_run_at: null, last_ok_at: null, last_error: null }
  const ran = (error: string | null) => {
    const at = new Date().toISOString()
    Object.assign(health, { runs: health.runs + 1, last_run_at: at, last_error: error })
    if (!error) health.last_ok_at = at
  }

  const runOnce = async () => {
    controller = new AbortController()
    try {
      const res = await fetch(options.url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${options.serviceRoleKey}`, 'Content-Type': 'application/json' },
        body: '{}',
        signal: controller.signal,
      })
      const text = await res.text()
      ran(res.ok ? null : `${name} answered ${res.status}: ${text.slice(0, 300)}`)
      if (!res.ok && !stopped)
        console.error(`[scheduler] ${name} answered ${res.status}: ${text.slice(0, 300)}`)
    } catch (error) {
      ran(`calling ${name} failed: ${(error as Error).message}`)
      if (!stopped) console.error(`[scheduler] calling ${name} failed:`, (error as Error).message)
    }
  }

  const poke = () => {
    if (stopped) return
    if (running) {
      again = true
      return
    }
    running = (async () => {
      do {
        again = false
        await runOnce()
      } while (again && !stopped)
    })().finally(() => {
      running = undefined
    })
  }

  const listen = async (): Promise<void> => {
    if (stopped) return
    const client = new pg.Client({ connectionString: db.url })
    listener = client
    let lost = false
    const reconnect = () => {
      if (lost || stopped) return
      lost = true
      client.end().catch(() => undefined)
      setTimeout(() => void listen(), 1000).unref() // the poll covers the gap
    }
    client.on('notification', (n) => {
      if (n.channel === CHANNEL) poke()
    })
    client.on('error', reconnect)
    client.on('end', reconnect)
    try {
      await client.connect()
      await client.query(`listen ${CHANNEL}`)
    } catch {
      reconnect()
    }
  }

  if (db.onNotification) {
    // The embedded engine is one shared session: LISTEN there once, NOTIFYs arrive in-process.
    unsubscribe = db.onNotification((channel) => {
      if (channel === CHANNEL) poke()
    })
    await db.pool.query(`listen ${CHANNEL}`)
  } else {
    await listen()
  }
  const timer = setInterval(() => {
    if (db.onNotification) db.pool.query(`listen ${CHANNEL}`).catch(() => undefined) // survives an UNLISTEN *
    poke()
  }, options.pollMs ?? POLL_MS)
  timer.unref()
  poke() // jobs left from before the start (the seeded store's provisioning)

  return {
    poke,
    health: () => ({ ...health }),
    async stop() {
      stopped = true
      clearInterval(timer)
      unsubscribe?.()
      controller?.abort()
      await running?.catch(() => undefined)
      await listener?.end().catch(() => undefined)
    },
  }
}
