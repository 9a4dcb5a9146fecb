// Parley's Stripe client: the one place the API version is pinned (webhook endpoints must be created with
// the same version, or events arrive in another shape). STRIPE_API_URL points it at another host, the fake
// Stripe in development and tests (http://127.0.0.1:3500).
import Stripe from 'stripe'

export const stripeApiVersion = '2026-07-29.dahlia' satisfies Stripe.LatestApiVersion

/** How old a webhook's signature may be, in seconds (Stripe's own default). */
export const webhookToleranceSeconds = 300

type Env = (name: string) => string | undefined

/** The client for STRIPE_SECRET_KEY, or null when billing is not configured. */
export function stripeClient(env: Env): Stripe | null {
  const key = env('STRIPE_SECRET_KEY')
  return key ? stripeWithKey(key, env('STRIPE_API_URL')) : null
}

/**
 * A client for any account's key (Parley's own, or a store's restricted key for payments in chat), at the
 * pinned version; `apiUrl` points it at another host (the fake).
 */
export function stripeWithKey(
  key: string,
  apiUrl?: string,
  options: { maxNetworkRetries?: number } = {},
): Stripe {
  const target = apiUrl ? new URL(apiUrl) : undefined
  return new Stripe(key, {
    apiVersion: stripeApiVersion,
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: 20_000,
    ...(target
      ? {
          host: target.hostname,
          port: Number(target.port || (target.protocol === 'https:' ? 443 : 80)),
          protocol: target.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  })
}

const cryptoProvider = Stripe.createSubtleCryptoProvider()

/** The event, when `signature` (Stripe-Signature) signs `rawBody` with `secret` within the tolerance; throws otherwise. */
export function verifiedEvent(rawBody: string, signature: string, secret: string): Promise<Stripe.Event> {
  return Stripe.webhooks.constructEventAsync(
    rawBody,
    signature,
    secret,
    webhookToleranceSeconds,
    cryptoProvider,
  )
}

export type { Stripe }
