// What each part of Parley is doing, in three words: ok, degraded, down. One shape for the `health`
// function that writes it and for what reads it (the store page's status panel and Chatwoot card,
// `pnpm devstack status`), so that all of them say the same thing.
import type { Enums } from './database.types.ts'

export type PartStatus = 'ok' | 'degraded' | 'down'

/** The parts, in the order people read them. */
export const PARTS = ['database', 'rest', 'auth', 'realtime', 'functions', 'outbox', 'chatwoot'] as const
export type Part = (typeof PARTS)[number]

/** Without these nothing works (no page loads, nobody signs in), so the whole is down with any of them. */
const CORE: readonly string[] = ['database', 'rest', 'auth']

const RANK: Record<PartStatus, number> = { ok: 0, degraded: 1, down: 2 }

export function worst(statuses: Iterable<PartStatus>): PartStatus {
  let result: PartStatus = 'ok'
  for (const status of statuses) if (RANK[status] > RANK[result]) result = status
  return result
}

/** Down when a core part is down; degraded when anything else is not ok (chat works, something lags). */
export function overall(parts: Record<string, PartStatus>): PartStatus {
  if (CORE.some((part) => parts[part] === 'down')) return 'down'
  return worst(Object.values(parts)) === 'ok' ? 'ok' : 'degraded'
}

export interface PartReport {
  status: PartStatus
  /** How long its probe took. */
  latency_ms?: number
  /** Why it is not ok, in a sentence. */
  detail?: string
}

export interface BreakerReport {
  status: 'closed' | 'open' | 'half_open'
  /** Consecutive failures counted. */
  failures: number
  opened_at: string | null
  /** Open: when the next call is let through as a trial. Half-open: when the trial in flight counts as lost. */
  retry_at: string | null
}

/** One destination of the outbox's jobs (Chatwoot today), from public.outbox_health(). */
export interface DestinationReport {
  destination: string
  /** Jobs pending or running. */
  backlog: number
  /** The oldest job that is due and not running, and how long it has waited (by the database's clock). */
  oldest_due_at: string | null
  oldest_due_seconds: number | null
  /** Dead letters: jobs that gave up, waiting for an owner's Retry. */
  dead: number
  /** The newest failing or dead job's reason. */
  last_error: string | null
  breaker: BreakerReport
}

/** The service role's view: every part with its latency and why it is not ok. */
export interface DetailedParts {
  database: PartReport
  rest: PartReport
  auth: PartReport & { version?: string }
  realtime: PartReport
  /** Each function Parley cannot work without: whether it boots and answers. */
  functions: PartReport & { functions: Record<string, PartStatus> }
  outbox: PartReport & { destinations: DestinationReport[] }
  chatwoot: PartReport & { url: string | null; version?: string; breaker: BreakerReport | null }
}

interface Report<View extends string> {
  view: View
  status: PartStatus
  checked_at: string
}

/** Anyone's view: a word per part, nothing else. */
export interface PublicHealth extends Report<'public'> {
  parts: Record<Part, PartStatus>
}

export interface DetailedHealth extends Report<'service'> {
  parts: DetailedParts
}

/** A store's members' view (`?store=<id>`): the public words plus their own store. */
export interface StoreHealth extends Report<'store'> {
  parts: Record<Part, PartStatus>
  store: StoreReport
}

export interface StoreReport {
  id: string
  /** The caller's role in the store; null for the service role. */
  role: Enums<'member_role'> | null
  chatwoot: {
    /** The store's Chatwoot as a whole: its account, whether Chatwoot answers, the breaker. */
    status: PartStatus
    /** null when the store has no Chatwoot account row (yet). */
    account_status: Enums<'chatwoot_account_status'> | null
    account_error: string | null
    /** Whether Chatwoot answers Parley (the chatwoot part). */
    reachable: PartStatus
    /** While Parley holds Chatwoot's jobs back after repeated failures: when it tries again. */
    paused_until: string | null
  }
  /** Owners and admins only. */
  jobs: {
    status: PartStatus
    backlog: number
    failing: number
    dead: number
    oldest_due_at: string | null
    oldest_due_seconds: number | null
  } | null
}

export type Health = PublicHealth | DetailedHealth | StoreHealth
