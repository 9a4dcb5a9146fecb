// Signed webhook delivery as Stripe does it: POST the event JSON with
// `Stripe-Signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. Delivery is at-least-once
// and unordered in reality, so the controls make both happen on demand: hold events and release them in any
// order, replay one byte for byte, delay, fail the next deliveries, sign stale or with a wrong key.
// A delivery the endpoint did not take (not 2xx, unreachable, timed out) is sent again with exponential
// backoff, as Stripe does, so an endpoint that is down for a while misses nothing.
import { createHmac, randomBytes } from 'node:crypto'
import { apiVersion } from './contract.ts'
import { id, now } from './ids.ts'
import type { FakeState, StripeEvent } from './state.ts'

export interface WebhookEndpoint {
  id: string
  url: string
  secret: string
  enabledEvents: string[]
}

export interface Delivery {
  eventId: string
  /** 1 for the first delivery of the event to this endpoint, then 2, 3, … for the retries. */
  attempt: number
  type: string
  endpoint: string
  body: string
  signature: string
  status?: number
  error?: string
  at: number
}

export function signature(secret: string, body: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
  return `t=${timestamp},v1=${v1}`
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`
}

export interface WebhookRetry {
  /** Deliveries of one event to one endpoint, the first included. Default 8. */
  attempts?: number
  /** The wait before retry n (1, 2, …). Default 5 s doubling, at most 5 min: about 10 minutes in all. */
  backoffMs?: (retry: number) => number
  /** How a wait is spent (tests pass a clock of their own). */
  sleep?: (ms: number) => Promise<void>
}

const defaultBackoff = (retry: number) => Math.min(5_000 * 2 ** (retry - 1), 300_000)

export class Webhooks {
  readonly endpoints: WebhookEndpoint[] = []
  readonly deliveries: Delivery[] = []
  /** Events waiting for release() while held. */
  readonly held: StripeEvent[] = []
  holding = false
  delayMs = 0
  failNext = 0
  /** Signs with a timestamp this many seconds in the past (over 300: a stale signature). */
  signAgeSeconds = 0
  badSignature = false
  private queue: Promise<void> = Promise.resolve()
  private readonly retries = new Set<Promise<void>>()
  private stopped = false
  private readonly attempts: number
  private readonly backoffMs: (retry: number) => number
  private readonly sleep: (ms: number) => Promise<void>

  constructor(
    private readonly state: FakeState,
    retry: WebhookRetry = {},
  ) {
    this.attempts = retry.attempts ?? 8
    this.backoffMs = retry.backoffMs ?? defaultBackoff
    this.sleep = retry.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms).unref()))
  }

  addEndpoint(url: string, secret = newWebhookSecret(), enabledEvents = ['*']): WebhookEndpoint {
    const endpoint = { id: id('we_'), url, secret, enabledEvents }
    this.endpoints.push(endpoint)
    return endpoint
  }

  /** Stops delivering to an endpoint; false when there is none by that id. */
  removeEndpoint(endpointId: string): boolean {
    const at = this.endpoints.findIndex((e) => e.id === endpointId)
    if (at < 0) return false
    this.endpoints.splice(at, 1)
    return true
  }

  /** Records the event and delivers it (now, or on release() while held). */
  emit(type: string, object: unknown, extras: Partial<StripeEvent> = {}): StripeEvent {
    const event: StripeEvent = {
      id: id('evt_'),
      object: 'event',
      api_version: apiVersion,
      created: now(),
      livemode: false,
      pending_webhooks: this.endpoints.length,
      request: { id: null, idempotency_key: null },
      type,
      ...extras,
      // a snapshot: later changes to the objects must not show in an event already sent
      data: structuredClone(extras.data ?? { object }),
    }
    this.state.events.push(event)
    if (this.holding) this.held.push(event)
    else this.send(event)
    return event
  }

  /** Delivers the held events, in `order` (event ids, others after them) or as they came. */
  release(order?: string[]): void {
    this.holding = false
    const events = this.held.splice(0)
    const rank = (e: StripeEvent) => {
      const i = order?.indexOf(e.id) ?? -1
      return i === -1 ? Number.MAX_SAFE_INTEGER : i
    }
    events.sort((a, b) => rank(a) - rank(b))
    for (const event of events) this.send(event)
  }

  /** Sends a delivered event again, the same bytes newly signed (as Stripe's resend does; not retried). */
  replay(eventId: string): void {
    const event = this.state.events.find((e) => e.id === eventId)
    if (!event) throw new Error(`No such event: ${eventId}`)
    this.send(event, false)
  }

  /**
   * Resolves once every delivery queued so far has been attempted (a retry still waiting for its time is
   * not waited for: poll for its effect).
   */
  settled(): Promise<void> {
    return this.queue
  }

  /** Retries still waiting for their time. */
  get pendingRetries(): number {
    return this.retries.size
  }

  /** No more retries (the fake is stopping). */
  stop(): void {
    this.stopped = true
  }

  private send(event: StripeEvent, retried = true): void {
    const body = JSON.stringify(event, null, 2)
    for (const endpoint of this.endpoints) {
      if (!endpoint.enabledEvents.includes('*') && !endpoint.enabledEvents.includes(event.type)) continue
      this.queue = this.queue.then(() => this.deliver(endpoint, event, body, retried ? 1 : undefined))
    }
  }

  /**
   * Sends again after the backoff, outside the queue: Stripe keeps no order, and one failing event must
   * not hold back the others.
   */
  private retry(endpoint: WebhookEndpoint, event: StripeEvent, body: string, attempt: number): void {
    const later: Promise<void> = this.sleep(this.backoffMs(attempt - 1))
      .then(() => {
        if (this.stopped) return
        this.queue = this.queue.then(() => this.deliver(endpoint, event, body, attempt))
      })
      .finally(() => this.retries.delete(later))
    this.retries.add(later)
  }

  /** `attempt` undefined: a one-off (a replay), never retried. */
  private async deliver(
    endpoint: WebhookEndpoint,
    event: StripeEvent,
    body: string,
    attempt: number | undefined,
  ): Promise<void> {
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs))
    const secret = this.badSignature ? newWebhookSecret() : endpoint.secret
    // signed at the wall clock's time (advanceClock moves the account's clock, not the delivery's)
    const header = signature(secret, body, Math.floor(Date.now() / 1000) - this.signAgeSeconds)
    const delivery: Delivery = {
      eventId: event.id,
      attempt: attempt ?? 1,
      type: event.type,
      endpoint: endpoint.url,
      body,
      signature: header,
      at: Date.now(),
    }
    this.deliveries.push(delivery)
    // A forged or stale signature stands for someone else's request, which Stripe would not send again.
    const retriable = attempt !== undefined && !this.badSignature && this.signAgeSeconds === 0
    const failed = () => {
      if (retriable && attempt < this.attempts) this.retry(endpoint, event, body, attempt + 1)
    }
    if (this.failNext > 0) {
      this.failNext--
      delivery.error = 'injected: the endpoint was not reached'
      return failed()
    }
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': header,
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        body,
        signal: AbortSignal.timeout(10_000),
      })
      delivery.status = res.status
      await res.text()
      if (!res.ok) failed()
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error)
      failed()
    }
  }
}
