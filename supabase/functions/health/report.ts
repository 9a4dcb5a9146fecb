// The report: every probe at once (one slow part costs its own timeout, never the others'), combined into
// the service role's view, and cut down to anyone's view and to a store member's view.
import { z } from 'zod'
import { Constants, type Enums, type Json } from '../_shared/database.types.ts'
import {
  type DetailedHealth,
  type DetailedParts,
  overall,
  PARTS,
  type Part,
  type PartStatus,
  type PublicHealth,
  type StoreHealth,
  worst,
} from '../_shared/health.ts'
import {
  type ProbeSettings,
  pausedUntil,
  probeAuth,
  probeChatwoot,
  probeData,
  probeFunctions,
  probeRealtime,
  STALLED_AFTER_SECONDS,
} from './probes.ts'

export async function checkEverything(settings: ProbeSettings, now = Date.now()): Promise<DetailedHealth> {
  const [data, auth, realtime, functions, chatwoot] = await Promise.all([
    probeData(settings, now),
    probeAuth(settings),
    probeRealtime(settings),
    probeFunctions(settings),
    probeChatwoot(settings),
  ])
  // Chatwoot answering is half the story: while its breaker is open, Parley still holds its jobs back.
  const breaker = data.outbox.destinations.find((d) => d.destination === 'chatwoot')?.breaker ?? null
  const paused = pausedUntil(breaker, now)
  const parts: DetailedParts = {
    database: data.database,
    rest: data.rest,
    auth,
    realtime,
    functions,
    outbox: data.outbox,
    chatwoot:
      paused && chatwoot.status === 'ok'
        ? {
            ...chatwoot,
            breaker,
            status: 'degraded',
            detail: `Chatwoot answers again; its jobs are held back until ${paused}`,
          }
        : { ...chatwoot, breaker },
  }
  return { view: 'service', status: overall(wordsOf(parts)), checked_at: new Date(now).toISOString(), parts }
}

function wordsOf(parts: DetailedParts): Record<Part, PartStatus> {
  return Object.fromEntries(PARTS.map((part) => [part, parts[part].status])) as Record<Part, PartStatus>
}

/** Anyone's view: a word per part; no numbers, no errors, nothing of any store. */
export function publicView(report: DetailedHealth): PublicHealth {
  return {
    view: 'public',
    status: report.status,
    checked_at: report.checked_at,
    parts: wordsOf(report.parts),
  }
}

/** public.store_health(store) as it comes back from PostgREST: json to SQL, so its shape is checked here. */
const StoreRow = z.object({
  store_id: z.string(),
  role: z.enum(Constants.public.Enums.member_role).nullable(),
  chatwoot: z
    .object({
      status: z.enum(Constants.public.Enums.chatwoot_account_status),
      last_error: z.string().nullish(),
    })
    .nullable(),
  jobs: z
    .object({
      backlog: z.coerce.number(),
      failing: z.coerce.number(),
      dead: z.coerce.number(),
      oldest_due_at: z.string().nullable(),
      oldest_due_seconds: z.number().nullable(),
    })
    .nullable(),
})

/** The account's state as a word: being set up or suspended is not broken, failed or deleted is. */
const ACCOUNT_STATUS: Record<Enums<'chatwoot_account_status'>, PartStatus> = {
  active: 'ok',
  pending: 'degraded',
  provisioning: 'degraded',
  suspended: 'degraded',
  failed: 'down',
  deleted: 'down',
}

/** A store's members' view: the public words, their store's Chatwoot, and (owners, admins) its jobs. */
export function storeView(report: DetailedHealth, json: Json, now = Date.now()): StoreHealth {
  const row = StoreRow.parse(json)
  const reachable = report.parts.chatwoot.status
  const accountStatus = row.chatwoot?.status ?? null
  const jobs = row.jobs
  const stalled = (jobs?.oldest_due_seconds ?? 0) > STALLED_AFTER_SECONDS
  return {
    ...publicView(report),
    view: 'store',
    store: {
      id: row.store_id,
      role: row.role,
      chatwoot: {
        status: worst([reachable, accountStatus ? ACCOUNT_STATUS[accountStatus] : 'degraded']),
        account_status: accountStatus,
        account_error: row.chatwoot?.last_error ?? null,
        reachable,
        paused_until: pausedUntil(report.parts.chatwoot.breaker, now),
      },
      jobs: jobs && { ...jobs, status: jobs.dead > 0 || jobs.failing > 0 || stalled ? 'degraded' : 'ok' },
    },
  }
}

/**
 * One check at a time, reused for `ttlMs`: however many people poll, the parts are asked at most once per
 * period by this worker (and callers arriving during a check wait for that one).
 */
export function reuseFor<T>(ttlMs: number, check: () => Promise<T>, clock = Date.now): () => Promise<T> {
  let last: { at: number; result: Promise<T> } | undefined
  return () => {
    if (!last || clock() - last.at >= ttlMs) {
      const result = check()
      last = { at: clock(), result }
      result.catch(() => {
        if (last?.result === result) last = undefined
      })
    }
    return last.result
  }
}
