// The outbox dispatcher: claims due jobs (skip locked, so several dispatchers never take the same job),
// POSTs `{ job }` to the topic's function with the service key and records the outcome: 2xx done;
// `{ retry: false }` dead; otherwise retried with backoff (or the function's retry_after_seconds),
// dead after 8 attempts. A destination whose function keeps crashing gets a circuit breaker.
// Callers: the devstack scheduler (on pg_notify('outbox') and every 5 s), pg_cron + pg_net when hosted.
import type { SupabaseClient } from '@supabase/supabase-js'
import { errorResponse, isServiceRole, json } from '../_shared/http.ts'
import { serviceClient } from '../_shared/supabase.ts'

const destinations: Record<string, string> = {
  'chatwoot.provision_account': 'chatwoot-account-manager',
  'chatwoot.suspend_account': 'chatwoot-account-manager',
  'chatwoot.delete_account': 'chatwoot-account-manager',
  'chatwoot.sync_agent': 'chatwoot-account-manager',
  'chatwoot.remove_agent': 'chatwoot-account-manager',
  'chatwoot.sync_contact': 'chatwoot-contact-sync',
  'chatwoot.erase_contact': 'chatwoot-contact-sync',
  'chatwoot.handoff': 'chatwoot-contact-sync',
  'chatwoot.forward_message': 'chatwoot-contact-sync',
}

const BATCH = 10
const LEASE_SECONDS = 120
const CALL_TIMEOUT_MS = 100_000
const BUDGET_MS = 25_000
const BREAKER_THRESHOLD = 5
const BREAKER_COOLDOWN_MS = 30_000

interface Job {
  id: number
  store_id: string | null
  topic: string
  payload: unknown
  attempts: number
}

interface Breaker {
  status: 'closed' | 'open'
  failures: number
  halfOpenAt?: number
}

type Outcome = 'done' | 'retry' | 'dead' | 'held'

async function rpc<T>(db: SupabaseClient, name: string, args: Record<string, unknown>): Promise<T> {
  const { data, error } = await db.rpc(name, args)
  if (error) throw new Error(`${name}: ${error.message}`)
  return data as T
}

async function breaker(db: SupabaseClient, fn: string): Promise<Breaker> {
  return (
    (await rpc<Breaker | null>(db, 'get_circuit_breaker', { p_key: `outbox:${fn}` })) ?? {
      status: 'closed',
      failures: 0,
    }
  )
}

async function recordCall(db: SupabaseClient, fn: string, healthy: boolean): Promise<void> {
  const state = await breaker(db, fn)
  if (healthy && state.failures === 0 && state.status === 'closed') return
  const failures = healthy ? 0 : state.failures + 1
  const next: Breaker =
    failures >= BREAKER_THRESHOLD
      ? { status: 'open', failures, halfOpenAt: Date.now() + BREAKER_COOLDOWN_MS }
      : { status: 'closed', failures }
  await rpc(db, 'set_circuit_breaker', { p_key: `outbox:${fn}`, p_state: next })
}

async function dispatch(db: SupabaseClient, job: Job): Promise<Outcome> {
  const fn = destinations[job.topic]
  if (!fn) {
    await rpc(db, 'fail_outbox_job', {
      p_job_id: job.id,
      p_error: `no consumer for topic ${job.topic}`,
      p_retryable: false,
    })
    return 'dead'
  }
  const state = await breaker(db, fn)
  if (state.status === 'open' && Date.now() < (state.halfOpenAt ?? 0)) {
    const wait = Math.ceil(((state.halfOpenAt ?? 0) - Date.now()) / 1000)
    await rpc(db, 'release_outbox_job', { p_job_id: job.id, p_delay_seconds: wait })
    return 'held'
  }

  let status = 0
  let body: { retry?: unknown; retry_after_seconds?: unknown; error?: unknown; message?: unknown } = {}
  let text = ''
  try {
    const res = await fetch(`${Deno.env.get('SUPABASE_URL')}/functions/v1/${fn}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${Deno.env.get('SUPABASE_SERVICE_ROLE_KEY')}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        job: {
          id: job.id,
          store_id: job.store_id,
          topic: job.topic,
          payload: job.payload,
          attempts: job.attempts,
        },
      }),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    })
    status = res.status
    text = await res.text()
    try {
      body = JSON.parse(text)
    } catch {
      // not JSON: the platform's own error page
    }
  } catch (error) {
    text = error instanceof Error ? error.message : String(error)
  }

  // The function answered for itself (even with an error): the destination is healthy.
  // The platform's own errors (BOOT_ERROR, WORKER_ERROR, WORKER_LIMIT) or no answer mean the function is not.
  const answered =
    status > 0 && !/^(BOOT_ERROR|WORKER_ERROR|WORKER_LIMIT)$/.test(String((body as { code?: unknown }).code))
  await recordCall(db, fn, answered)
  if (status >= 200 && status < 300) {
    await rpc(db, 'complete_outbox_job', { p_job_id: job.id })
    return 'done'
  }
  const message = `${fn} ${status || 'unreachable'}: ${String(body.error ?? body.message ?? text).slice(0, 1000)}`
  const retryable = !(body.retry === false && (status === 409 || status === 422))
  const after = Number(body.retry_after_seconds)
  const result = await rpc<string | null>(db, 'fail_outbox_job', {
    p_job_id: job.id,
    p_error: message,
    p_retryable: retryable,
    p_retry_after_seconds: Number.isFinite(after) && after > 0 ? Math.ceil(after) : null,
  })
  return result === 'dead' ? 'dead' : 'retry'
}

async function run(db: SupabaseClient) {
  const counts: Record<Outcome, number> = { done: 0, retry: 0, dead: 0, held: 0 }
  const started = Date.now()
  while (Date.now() - started < BUDGET_MS) {
    const jobs = await rpc<Job[]>(db, 'claim_outbox_jobs', { p_limit: BATCH, p_lease_seconds: LEASE_SECONDS })
    const outcomes = await Promise.all(
      jobs.map((job) =>
        dispatch(db, job).catch(async (error) => {
          // Recording failed (database hiccup): the lease expires and the job is claimed again.
          console.error(`[outbox] job ${job.id}:`, error)
          return 'retry' as const
        }),
      ),
    )
    for (const o of outcomes) counts[o]++
    if (jobs.length < BATCH) break
  }
  return counts
}

Deno.serve(async (req) => {
  if (!isServiceRole(req)) return errorResponse(403, 'forbidden', 'Only the service role runs the outbox')
  if (req.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'Use POST')
  try {
    return json(await run(serviceClient()))
  } catch (error) {
    console.error('[outbox]', error)
    return errorResponse(500, 'internal_error', error instanceof Error ? error.message : String(error))
  }
})
