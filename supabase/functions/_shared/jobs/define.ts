// One shape for every side effect. A job is one file, `<name>.job.ts` under supabase/functions/_shared,
// exporting `default defineJob({...})`: its topic, what an owner reads about it, its payload (zod), the
// destination whose breaker it trips, its retry policy, its key or coalesce template, its lane and the
// lane it comes after, and its handler. `pnpm gen` registers every job file (registry.gen.ts for the
// dispatcher, a migration for private.enqueue). Templates are plain strings of payload fields, e.g.
// 'chatwoot-contact:{contact_id}', so SQL evaluates the very same text.
import type { z } from 'zod'
import type { BreakerOptions, CircuitBreaker } from '../breaker.ts'
import type { Json } from '../database.types.ts'
import type { Db } from '../db.ts'

/** What a finished job leaves in outbox.result (JSON). */
export type JobDetails = { [key: string]: Json | undefined }

/** How a run ended. `run` returns one; helpers deep inside a handler may throw one as a JobStop. */
export type JobResult =
  | { outcome: 'done'; details?: JobDetails }
  /** Spends an attempt; `seconds` undefined: the job's backoff. Dead once the attempts are spent. */
  | { outcome: 'retry'; reason: string; seconds?: number }
  /** Released without spending an attempt (a dependency or the destination is not ready). */
  | { outcome: 'wait'; reason: string; seconds: number }
  /** Retrying cannot help; `reason` is what the store owner reads beside the Retry button. */
  | { outcome: 'dead'; reason: string }

export const done = (details?: JobDetails): JobResult => ({ outcome: 'done', details })
export const retryIn = (seconds: number, reason: string): JobResult => ({ outcome: 'retry', reason, seconds })
/** Retry after the job's own backoff. */
export const retryLater = (reason: string): JobResult => ({ outcome: 'retry', reason })
export const waitFor = (reason: string, seconds: number): JobResult => ({ outcome: 'wait', reason, seconds })
export const dead = (reason: string): JobResult => ({ outcome: 'dead', reason })

/** Ends the job with `result` from wherever it is thrown. */
export class JobStop extends Error {
  override name = 'JobStop'
  constructor(readonly result: JobResult) {
    super('reason' in result ? result.reason : 'done')
  }
}

/** Somewhere jobs send things (Chatwoot, a connected app): one circuit breaker, one way to read its errors. */
export interface Destination {
  /** The breaker's key (private.circuit_breakers), e.g. 'chatwoot'. */
  name: string
  /** How owners call it, e.g. 'Chatwoot'. */
  label: string
  /** The breaker's thresholds (read when a dispatch starts, so settings can come from the environment). */
  breaker(): Pick<BreakerOptions, 'failureThreshold' | 'cooldownMs'>
  /**
   * How an error the destination's client threw ends the job: typically 429/5xx/timeouts retry (honouring
   * Retry-After), refusals are dead with the destination's own words. Undefined: not this destination's.
   */
  classify(error: unknown): JobResult | undefined
}

export const defineDestination = (destination: Destination): Destination => destination

export interface RetryPolicy {
  /** Attempts before the job is dead (waits do not count). */
  attempts: number
  /** Seconds before the first retry, doubled for each one after, up to `max`. */
  backoff: { first: number; max: number }
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, backoff: { first: 5, max: 900 } }

/** Seconds to wait after the `attempt`-th failed attempt. */
export function backoffSeconds(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.backoff.max, policy.backoff.first * 2 ** Math.max(0, attempt - 1))
}

export interface JobContext {
  /** Service-role client: scope every statement by store yourself. */
  db: Db
  /** The destination's breaker: give it to the destination's client so every call counts. */
  breaker: CircuitBreaker
  job: {
    id: number
    topic: string
    storeId: string | null
    /** 1 on the first attempt (waits give theirs back). */
    attempt: number
    /** The key the job was enqueued under (idempotency key for a third party), if it has one. */
    idempotencyKey: string | null
    /**
     * An earlier run of this job may have done part of the work and lost the answer (crash, timeout):
     * look for what it created before creating it again.
     */
    rerun: boolean
  }
}

export interface JobDefinition<Payload extends z.ZodType = z.ZodType> {
  /** 'area.action', e.g. 'chatwoot.handoff'. */
  topic: string
  /** What a store owner reads in the list of failed jobs, e.g. 'Hand the conversation to Chatwoot'. */
  title: string
  payload: Payload
  destination: Destination
  retry?: RetryPolicy
  /** Enqueued once ever per value, e.g. 'message:{message_id}'. */
  key?: string
  /** At most one job per value that has not started yet, for handlers that read the current state. */
  coalesce?: string
  /** Jobs sharing a lane run one at a time, in enqueue order. Keep lanes within one store. */
  lane?: string
  /** Waits for the earlier unfinished jobs of this lane (and dies with them) without joining it. */
  after?: string
  run(payload: z.infer<Payload>, ctx: JobContext): Promise<JobResult>
}

const TOPIC = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/
const FIELD = /\{([a-z0-9_]+)\}/g

/** Checks the definition once, where it is written: a typo in a template fails `pnpm gen` and the tests. */
export function defineJob<Payload extends z.ZodType>(job: JobDefinition<Payload>): JobDefinition<Payload> {
  const where = `job ${job.topic}`
  if (!TOPIC.test(job.topic)) throw new Error(`${where}: a topic looks like area.action (lower case)`)
  if (job.key && job.coalesce) throw new Error(`${where}: a job has a key or a coalesce template, not both`)
  const shape = (job.payload as unknown as { shape?: Record<string, unknown> }).shape
  for (const name of ['key', 'coalesce', 'lane', 'after'] as const) {
    const template = job[name]
    if (template === undefined) continue
    const fields = [...template.matchAll(FIELD)].map((m) => m[1] as string)
    if (fields.length === 0) throw new Error(`${where}: the ${name} template names no {field}`)
    const unknown = shape ? fields.filter((f) => !(f in shape)) : []
    if (unknown.length) throw new Error(`${where}: the ${name} template names ${unknown} not in the payload`)
  }
  const retry = job.retry ?? DEFAULT_RETRY
  if (!Number.isInteger(retry.attempts) || retry.attempts < 1 || retry.attempts > 100)
    throw new Error(`${where}: retry.attempts is a whole number from 1 to 100`)
  return job
}
