// Circuit breaker per Chatwoot installation (base URL). State lives in a BreakerStore so an edge
// function can persist it (e.g. in Postgres) between invocations; the default is in memory.
import { CircuitOpenError } from './errors.ts'

export type BreakerStatus = 'closed' | 'open' | 'half_open'

export interface BreakerState {
  status: BreakerStatus
  /** Consecutive failures counted while closed (or the failed trial while half-open). */
  failures: number
  /** Epoch ms when the circuit opened. */
  openedAt?: number
  /** Epoch ms when an open circuit lets a trial request through. */
  halfOpenAt?: number
}

export interface BreakerStore {
  get(installation: string): BreakerState | undefined | Promise<BreakerState | undefined>
  set(installation: string, state: BreakerState): void | Promise<void>
}

export class MemoryBreakerStore implements BreakerStore {
  readonly states = new Map<string, BreakerState>()
  get(installation: string): BreakerState | undefined {
    return this.states.get(installation)
  }
  set(installation: string, state: BreakerState): void {
    this.states.set(installation, state)
  }
}

/** Shared by every client of the same process that was not given its own store. */
export const defaultBreakerStore = new MemoryBreakerStore()

export interface BreakerOptions {
  /** Consecutive failed attempts (network, timeout, 5xx) that open the circuit. Default 5. */
  failureThreshold?: number
  /** How long the circuit stays open before a trial request. Default 30 s. */
  cooldownMs?: number
  store?: BreakerStore
  /** Called on every status change, e.g. to log or export a metric. */
  onStateChange?: (installation: string, from: BreakerStatus, to: BreakerState) => void
}

export const CLOSED: BreakerState = { status: 'closed', failures: 0 }

export class CircuitBreaker {
  readonly failureThreshold: number
  readonly cooldownMs: number
  readonly store: BreakerStore

  constructor(
    readonly installation: string,
    private readonly options: BreakerOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.failureThreshold = options.failureThreshold ?? 5
    this.cooldownMs = options.cooldownMs ?? 30_000
    this.store = options.store ?? defaultBreakerStore
  }

  async state(): Promise<BreakerState> {
    return (await this.store.get(this.installation)) ?? CLOSED
  }

  /** Throws CircuitOpenError while open; moves open -> half_open once the cool-down is over. */
  async beforeRequest(): Promise<void> {
    const state = await this.state()
    if (state.status !== 'open') return
    const halfOpenAt = state.halfOpenAt ?? 0
    if (this.now() < halfOpenAt) throw new CircuitOpenError(this.installation, halfOpenAt)
    await this.transition(state, { ...state, status: 'half_open' })
  }

  async onSuccess(): Promise<void> {
    const state = await this.state()
    if (state.status === 'closed' && state.failures === 0) return
    await this.transition(state, CLOSED)
  }

  async onFailure(): Promise<void> {
    const state = await this.state()
    const failures = state.failures + 1
    if (state.status === 'half_open' || failures >= this.failureThreshold) {
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
    await this.store.set(this.installation, to)
    if (from.status !== to.status) this.options.onStateChange?.(this.installation, from.status, to)
  }
}
