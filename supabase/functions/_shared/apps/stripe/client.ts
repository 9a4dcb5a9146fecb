// The store's own Stripe account, through the pinned stripe-node client (billing/stripe.ts): a Checkout
// Session in payment mode for a payment request, and Parley's webhook endpoint on the account. stripe-node's
// errors become the apps' errors, so the Stripe app's jobs end like every other app's (429 and 5xx retried,
// a refused key asks for a reconnect, any other refusal dead in Stripe's words).
import { type Stripe, stripeApiVersion, stripeWithKey } from '../../billing/stripe.ts'
import { AppHttpError, AppNetworkError, AppReconnectError } from '../errors.ts'
import { PAYMENT_EVENTS } from './app.ts'

export interface CheckoutRequest {
  id: string
  amount: number
  currency: string
  description: string
  expires_at: string
}

function appError(error: unknown): unknown {
  const e = error as { type?: string; statusCode?: number; message?: string; code?: string }
  if (typeof e?.type !== 'string' || !e.type.startsWith('Stripe')) return error
  if (e.type === 'StripeConnectionError') return new AppNetworkError('Stripe', error)
  if (e.statusCode === 401) return new AppReconnectError('Stripe', 'the API key was refused')
  return new AppHttpError('Stripe', e.statusCode ?? 500, e.message ?? e.code ?? 'unknown error')
}

export class StoreStripe {
  private readonly stripe: Stripe

  constructor(key: string, baseUrl: string) {
    // The outbox retries with its own backoff and the same idempotency key: no hidden retries here.
    this.stripe = stripeWithKey(key, baseUrl, { maxNetworkRetries: 0 })
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (error) {
      throw appError(error)
    }
  }

  /** A hosted Checkout page for one line; the same request id always gives the same session. */
  openCheckout(request: CheckoutRequest, urls: { success: string; cancel: string }) {
    return this.call(() =>
      this.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: request.currency,
                unit_amount: request.amount,
                product_data: { name: request.description },
              },
            },
          ],
          client_reference_id: request.id,
          metadata: { parley_payment_request: request.id },
          payment_intent_data: { metadata: { parley_payment_request: request.id } },
          expires_at: Math.floor(Date.parse(request.expires_at) / 1000),
          success_url: urls.success,
          cancel_url: urls.cancel,
        },
        { idempotencyKey: `payreq:${request.id}` },
      ),
    )
  }

  /**
   * Parley's endpoint for this store, at the pinned version; the secret is in this answer only. `attempt`
   * names this connection (the register job): its retries get the same endpoint back, while connecting again
   * makes a new one. Stripe keeps an idempotent answer for 24 hours, so a key of store and URL alone handed a
   * reconnecting store the endpoint its disconnect had just deleted.
   */
  registerWebhook(url: string, storeId: string, attempt: string) {
    return this.call(() =>
      this.stripe.webhookEndpoints.create(
        {
          url,
          enabled_events: [...PAYMENT_EVENTS],
          api_version: stripeApiVersion,
          description: 'Parley: payments in chat',
          metadata: { parley_store: storeId },
        },
        { idempotencyKey: `webhook:${storeId}:${attempt}:${url}` },
      ),
    )
  }

  /** Deletes an endpoint Parley registered; false when Stripe no longer has it (already deleted). */
  async deleteWebhook(id: string): Promise<boolean> {
    try {
      await this.call(() => this.stripe.webhookEndpoints.del(id))
      return true
    } catch (error) {
      if (error instanceof AppHttpError && error.status === 404) return false
      throw error
    }
  }
}
