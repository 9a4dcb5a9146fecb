// Signed webhook delivery as Stripe does it: POST the event JSON with
// `Stripe-Signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. Delivery is at-least-once
// and unordered in reality, so the controls make both happen on demand: hold events and release them in any
// order, replay one byte for byte, delay, fail the next deliveries, sign stale or with a wrong key.
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

  constructor(private readonly state: FakeState) {}

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

  /** Sends a delivered event again, the same bytes newly signed (as Stripe's resend does). */
  replay(eventId: string): void {
    const event = this.state.events.find((e) => e.id === eventId)
    if (!event) throw new Error(`No such event: ${eventId}`)
    this.send(event)
  }

  /** Resolves once every delivery queued so far has been attempted. */
  settled(): Promise<void> {
    return this.queue
  }

  private send(event: StripeEvent): void {
    const body = JSON.stringify(event, null, 2)
    for (const endpoint of this.endpoints) {
      if (!endpoint.enabledEvents.includes('*') && !endpoint.enabledEvents.includes(event.type)) continue
      this.queue = this.queue.then(() => this.deliver(endpoint, event, body))
    }
  }

  private async deliver(endpoint: WebhookEndpoint, event: StripeEvent, body: string): Promise<void> {
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs))
    const secret = this.badSignature ? newWebhookSecret() : endpoint.secret
    // signed at the wall clock's time (advanceClock moves the account's clock, not the delivery's)
    const header = signature(secret, body, Math.floor(Date.now() / 1000) - this.signAgeSeconds)
    const delivery: Delivery = {
      eventId: event.id,
      type: event.type,
      endpoint: endpoint.url,
      body,
      signature: header,
      at: Date.now(),
    }
    this.deliveries.push(delivery)
    if (this.failNext > 0) {
      this.failNext--
      delivery.error = 'injected: the endpoint was not reached'
      return
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
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error)
    }
  }
}
