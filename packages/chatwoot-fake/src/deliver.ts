// Outgoing webhooks as lib/webhooks/trigger.rb sends them: JSON POST, signed, 5 s timeout, no retries
// for account webhooks. Deliveries run one after another so tests see events in the order they happened.
import { signWebhook } from '@parley/supabase/chatwoot'
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

  /**
   * Queues `payload` (which carries `event`) for every webhook of the account subscribed to it, and for
   * the webhook_url of an API-channel inbox (conversation, message and typing events of that inbox).
   */
  emit(accountId: number, payload: Json & { event: string }, inboxId?: number): void {
    for (const hook of this.state.webhooks.values()) {
      if (hook.account_id !== accountId || !hook.subscriptions.includes(payload.event)) continue
      if (hook.inbox_id && inboxId && hook.inbox_id !== inboxId) continue
      this.queue(accountId, hook.id, hook.url, hook.secret, payload)
    }
    const inbox = inboxId ? this.state.inboxes.get(inboxId) : undefined
    if (inbox?.webhook_url && inbox.secret && /^(conversation|message)_/.test(payload.event))
      this.queue(accountId, 0, inbox.webhook_url, inbox.secret, payload)
  }

  private queue(
    accountId: number,
    webhookId: number,
    url: string,
    secret: string,
    payload: Json & { event: string },
  ) {
    const delivery: Delivery = {
      id: uuid(),
      webhookId,
      accountId,
      url,
      event: payload.event,
      body: JSON.stringify(payload),
      headers: {},
      done: false,
    }
    this.state.deliveries.push(delivery)
    this.pending++
    this.chain = this.chain.then(() => this.send(delivery, secret)).finally(() => this.pending--)
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
