// Outgoing webhooks as lib/webhooks/trigger.rb sends them: JSON POST, signed, 5 s timeout, no retries
// for account webhooks. Deliveries run one after another so tests see events in the order they happened.
import { signWebhook } from '@parley/chatwoot'
import { type Delivery, type FakeState, type Json, uuid } from './state.ts'

export interface DeliveryOptions {
  /** Sign with a wrong key (tests of the receiver's signature check). */
  badSignature: boolean
  timeoutMs: number
}

export class WebhookDispatcher {
  private chain: Promise<void> = Promise.resolve()
  private pending = 0

  constructor(
    private readonly state: FakeState,
    readonly options: DeliveryOptions,
  ) {}

  /** Queues `payload` (which carries `event`) for every webhook of the account subscribed to it. */
  emit(accountId: number, payload: Json & { event: string }, inboxId?: number): void {
    for (const hook of this.state.webhooks.values()) {
      if (hook.account_id !== accountId || !hook.subscriptions.includes(payload.event)) continue
      if (hook.inbox_id && inboxId && hook.inbox_id !== inboxId) continue
      const delivery: Delivery = {
        id: uuid(),
        webhookId: hook.id,
        accountId,
        url: hook.url,
        event: payload.event,
        body: JSON.stringify(payload),
        headers: {},
        done: false,
      }
      this.state.deliveries.push(delivery)
      this.pending++
      this.chain = this.chain.then(() => this.send(delivery, hook.secret)).finally(() => this.pending--)
    }
  }

  /** Resolves once every queued delivery has been attempted. */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.chain
  }

  private async send(delivery: Delivery, secret: string): Promise<void> {
    const timestamp = String(Math.floor(Date.now() / 1000))
    const key = this.options.badSignature ? `${secret}-forged` : secret
    delivery.headers = {
      'content-type': 'application/json',
      'x-chatwoot-timestamp': timestamp,
      'x-chatwoot-signature': await signWebhook({ secret: key, timestamp, rawBody: delivery.body }),
      'x-chatwoot-delivery': delivery.id,
    }
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: delivery.headers,
        body: delivery.body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      })
      delivery.status = response.status
      await response.arrayBuffer().catch(() => undefined)
    } catch (e) {
      // Account webhooks are not retried: the failure is only recorded (the server only logs it).
      delivery.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e)
    } finally {
      delivery.done = true
    }
  }

  /** Re-sends a recorded delivery byte for byte (same X-Chatwoot-Delivery), for replay tests. */
  async replay(deliveryId: string): Promise<number | undefined> {
    const d = this.state.deliveries.find((x) => x.id === deliveryId)
    if (!d) throw new Error(`No delivery ${deliveryId}`)
    const response = await fetch(d.url, { method: 'POST', headers: d.headers, body: d.body })
    return response.status
  }
}
