// The circuit breaker, one for every destination Parley calls (Chatwoot today, connected apps next).
// After `failureThreshold` consecutive failures it opens: callers are refused without a request until
// `cooldownMs` has passed; then ONE trial call goes through (half-open). Its success closes the circuit,
// its failure reopens it. The state lives in a BreakerStore, so it can outlive one function invocation
// (PostgresBreakerStore) or stay in memory (MemoryBreakerStore, for scripts and tests).
import { z } from 'zod'
import type { Json } from './database.types.ts'
import type { Db } from './db.ts'

/** A breaker's state, stored as JSON (private.circuit_breakers.state) and checked when read back. */
const BreakerStateSchema = z.object({
  status: z.enum(['closed', 'open', 'half_open']),
  /** Consecutive failures counted while closed (or the failed trial while half-open). */
  failures: z.number(),
  /** Epoch ms when the circuit opened. */
  openedAt: z.number().optional(),
  /**
   * Open: epoch ms when a trial call may go through. Half-open: when the trial in flight counts as lost
   * (its caller crashed), so that another caller may try.
   */
  halfOpenAt: z.number().optional(),
})
export type BreakerState = z.infer<typeof BreakerStateSchema>
export type BreakerStatus = BreakerState['status']

/** A stored state (get_circuit_breaker, outbox_health's breaker); null: the breaker never tripped. */
export function breakerState(json: Json): BreakerState | undefined {
  return BreakerStateSchema.nullable().parse(json) ?? undefined
}

export interface BreakerStore {
  get(key: string): BreakerState | undefined | Promise<BreakerState | undefined>
  set(key: string, state: BreakerState): void | Promise<void>
}

export class MemoryBreakerStore implements BreakerStore {
  readonly states = new Map<string, BreakerState>()
  get(key: string): BreakerState | undefined {
    return this.states.get(key)
  }
  set(key: string, state: BreakerState): void {
    this.states.set(key, state)
  }
}

/** private.circuit_breakers, through the service-only RPCs get_circuit_breaker / set_circuit_breaker. */
export class PostgresBreakerStore implements BreakerStore {
  constructor(private readonly db: Db) {}
  async get(key: string): Promise<BreakerState | undefined> {
    const { data, error } = await this.db.rpc('get_circuit_breaker', { p_key: key })
    if (error) throw new Error(`reading the circuit breaker ${key}: ${error.message}`)
    return breakerState(data)
  }
  async set(key: string, state: BreakerState): Promise<void> {
    const { error } = await this.db.rpc('set_circuit_breaker', { p_key: key, p_state: state })
    if (error) throw new Error(`saving the circuit breaker ${key}: ${error.message}`)
  }
}

export interface BreakerOptions {
  /** Consecutive failures that open the circuit. Default 5. */
  failureThreshold?: number
  /** How long the circuit stays open before a trial call. Default 30 s. */
  cooldownMs?: number
  /** Default: a MemoryBreakerStore of this breaker's own. */
  store?: BreakerStore
  now?: () => number
  /** Called on every status change, e.g. to log it. */
  onStateChange?: (key: string, from: BreakerStatus, to: BreakerState) => void
}

/** The circuit is open: refused without a request. Try again at `halfOpenAt` (epoch ms). */
export class CircuitOpenError extends Error {
  override name = 'CircuitOpenError'
  readonly retryable = true
  constructor(
    readonly key: string,
    readonly halfOpenAt: number,
  ) {
    super(`The circuit for ${key} is open until ${new Date(halfOpenAt).toISOString()}`)
  }
}

export const CLOSED: BreakerState = { status: 'closed', failures: 0 }

export class CircuitBreaker {
  readonly failureThreshold: number
  readonly cooldownMs: number
  readonly store: BreakerStore
  private readonly now: () => number

  constructor(
    readonly key: string,
    private readonly options: BreakerOptions = {},
  ) {
    this.failureThreshold = options.failureThreshold ?? 5
    this.cooldownMs = options.cooldownMs ?? 30_000
    this.store = options.store ?? new MemoryBreakerStore()
    this.now = options.now ?? Date.now
  }

  async state(): Promise<BreakerState> {
    return (await this.store.get(this.key)) ?? CLOSED
  }

  /** When a call would be refused now, the epoch ms it may be tried again; undefined when it may go. */
  async refusedUntil(): Promise<number | undefined> {
    const state = await this.state()
    if (state.status === 'closed') return undefined
    const until = state.halfOpenAt ?? 0
    return this.now() < until ? until : undefined
  }

  /** Throws CircuitOpenError while open (or while another caller's trial is in flight). */
  async beforeRequest(): Promise<void> {
    const state = await this.state()
    if (state.status === 'closed') return
    const until = state.halfOpenAt ?? 0
    if (this.now() < until) throw new CircuitOpenError(this.key, until)
    // This call is the trial; others wait for its outcome (or for it to count as lost).
    await this.transition(state, { ...state, status: 'half_open', halfOpenAt: this.now() + this.cooldownMs })
  }

  async onSuccess(): Promise<void> {
    const state = await this.state()
    if (state.status === 'closed' && state.failures === 0) return
    await this.transition(state, CLOSED)
  }

  async onFailure(): Promise<void> {
    const state = await this.state()
    const failures = state.failures + 1
    if (state.status !== 'closed' || failures >= this.failureThreshold) {
      const openedAt = this.now()
      await this.transition(state, {
        status: 'open',
        failures,
        openedAt,
        halfOpenAt: openedAt + this.cooldownMs,
      })
    } else {
      await this.transition(state, { ...state, failures })
    }
  }

  private async transition(from: BreakerState, to: BreakerState): Promise<void> {
    await this.store.set(this.key, to)
    if (from.status !== to.status) this.options.onStateChange?.(this.key, from.status, to)
  }
}
