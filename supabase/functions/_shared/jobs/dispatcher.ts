// The outbox dispatcher: claims due jobs (the first of each lane; skip locked, so dispatchers running
// side by side never take the same one), runs their handlers in-process, jobs of different lanes in
// parallel, and records each result, until nothing is due or its time budget is spent.
// A destination whose circuit breaker is open is not called: its jobs wait without spending attempts,
// and a failure that leaves the breaker open becomes such a wait, so an outage of any length kills no job.
import { CircuitBreaker, CircuitOpenError, PostgresBreakerStore } from '../breaker.ts'
import type { Tables } from '../database.types.ts'
import { type Db, must } from '../db.ts'
import {
  backoffSeconds,
  DEFAULT_RETRY,
  type Destination,
  type JobDefinition,
  type JobResult,
  JobStop,
  waitFor,
} from './define.ts'

/** What the dispatcher reads of a job claim_outbox_jobs returns. */
type ClaimedJob = Pick<
  Tables<'outbox'>,
  'id' | 'store_id' | 'topic' | 'payload' | 'attempts' | 'runs' | 'idempotency_key'
>

export interface DispatchOptions {
  /** Service-role client. */
  db: Db
  jobs: readonly JobDefinition[]
  /** Jobs running at once (each from a different lane). Default 8. */
  concurrency?: number
  /** Stop claiming after this long. Default 25 s (the scheduler calls again every 5 s). */
  budgetMs?: number
  /** How long a claimed job is ours; a dispatcher that dies leaves it to be claimed again then. */
  leaseSeconds?: number
  /** Keep going while the next job is due within this many seconds. Default 2. */
  idleWaitSeconds?: number
  /** Multiplies every delay this dispatcher schedules (backoff, Retry-After, waits). Default 1. */
  delayScale?: number
  now?: () => number
  sleep?: (ms: number) => Promise<void>
  log?: (message: string, error?: unknown) => void
}

export type DispatchCounts = Record<'done' | 'retry' | 'wait' | 'dead', number>

export async function dispatch(options: DispatchOptions): Promise<DispatchCounts> {
  const { db } = options
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const log =
    options.log ?? ((message: string, error?: unknown) => console.error(`[outbox] ${message}`, error ?? ''))
  const concurrency = options.concurrency ?? 8
  const deadline = now() + (options.budgetMs ?? 25_000)
  const scale = options.delayScale ?? 1
  const byTopic = new Map(options.jobs.map((job) => [job.topic, job]))
  const breakers = new Map<string, CircuitBreaker>()
  const breakerOf = (destination: Destination) => {
    let breaker = breakers.get(destination.name)
    if (!breaker) {
      breaker = new CircuitBreaker(destination.name, {
        ...destination.breaker(),
        store: new PostgresBreakerStore(db),
        now,
      })
      breakers.set(destination.name, breaker)
    }
    return breaker
  }
  const counts: DispatchCounts = { done: 0, retry: 0, wait: 0, dead: 0 }

  const secondsUntil = (epochMs: number) => Math.max(1, Math.ceil((epochMs - now()) / 1000))
  const destinationDown = (destination: Destination) =>
    `${destination.label} is not answering; waiting until it is back`

  async function run(job: ClaimedJob, definition: JobDefinition): Promise<JobResult> {
    const parsed = definition.payload.safeParse(job.payload)
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`)
      return { outcome: 'dead', reason: `The job's data is not valid (${issues.join('; ')})` }
    }
    const destination = definition.destination
    const closedUntil = await breakerOf(destination).refusedUntil()
    if (closedUntil !== undefined) return waitFor(destinationDown(destination), secondsUntil(closedUntil))
    const context = {
      db,
      breaker: breakerOf(destination),
      job: {
        id: job.id,
        topic: job.topic,
        storeId: job.store_id,
        attempt: job.attempts,
        idempotencyKey: job.idempotency_key,
        rerun: job.runs > 1,
      },
    }
    let result: JobResult
    try {
      result = await definition.run(parsed.data, context)
    } catch (error) {
      result = classify(error, destination)
    }
    // A failure that left the destination's breaker open is the destination's, not the job's.
    if (result.outcome === 'retry') {
      const until = await breakerOf(destination).refusedUntil()
      if (until !== undefined) return waitFor(result.reason, secondsUntil(until))
    }
    return result
  }

  function classify(error: unknown, destination: Destination): JobResult {
    if (error instanceof JobStop) return error.result
    if (error instanceof CircuitOpenError)
      return waitFor(destinationDown(destination), secondsUntil(error.halfOpenAt))
    const classified = destination.classify(error)
    if (classified) return classified
    // Our own database or a bug: worth another try, and worth a look in the logs.
    log('a job failed unexpectedly:', error)
    const message = error instanceof Error ? error.message : String(error)
    return { outcome: 'retry', reason: `Parley could not finish this job: ${message}` }
  }

  async function handle(job: ClaimedJob) {
    const definition = byTopic.get(job.topic)
    let result: JobResult
    try {
      result = definition
        ? await run(job, definition)
        : { outcome: 'dead', reason: `Parley has no handler for "${job.topic}" jobs any more` }
    } catch (error) {
      // Reading the breaker or parsing failed (our database): the lease runs out, the job is claimed again.
      log(`running job ${job.id} failed:`, error)
      return
    }
    const seconds =
      result.outcome === 'retry'
        ? (result.seconds ?? backoffSeconds(definition?.retry ?? DEFAULT_RETRY, job.attempts))
        : result.outcome === 'wait'
          ? result.seconds
          : null
    try {
      // null: the job was not ours any more (its lease ran out and another dispatcher took it)
      // Arguments left out are SQL null (their default).
      const status: string | null = must(
        await db.rpc('record_outbox_result', {
          p_job_id: job.id,
          p_outcome: result.outcome,
          ...('reason' in result ? { p_reason: result.reason } : {}),
          ...(seconds === null ? {} : { p_delay_seconds: seconds * scale }),
          ...(result.outcome === 'done' && result.details ? { p_details: result.details } : {}),
        }),
        'record_outbox_result',
      )
      if (status === 'dead') counts.dead++
      else if (status) counts[result.outcome]++
    } catch (error) {
      // The lease runs out and the job is claimed again.
      log(`recording job ${job.id} failed:`, error)
    }
  }

  const running = new Set<Promise<void>>()
  while (now() < deadline) {
    const free = concurrency - running.size
    const claimed =
      free > 0
        ? must(
            await db.rpc('claim_outbox_jobs', {
              p_limit: free,
              p_lease_seconds: options.leaseSeconds ?? 120,
            }),
            'claim_outbox_jobs',
          )
        : []
    for (const job of claimed) {
      const task: Promise<void> = handle(job).finally(() => running.delete(task))
      running.add(task)
    }
    if (running.size > 0) {
      // Each finished job may free the next one of its lane.
      if (claimed.length === free || claimed.length === 0) await Promise.race(running)
      continue
    }
    // seconds until the next job is due; null: nothing pending
    const due: number | null = must(await db.rpc('next_outbox_job_due'), 'next_outbox_job_due')
    if (due === null || due > (options.idleWaitSeconds ?? 2) || now() + due * 1000 >= deadline) break
    await sleep(Math.max(10, due * 1000))
  }
  await Promise.all(running)
  return counts
}
