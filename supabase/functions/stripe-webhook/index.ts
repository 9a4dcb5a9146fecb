// Stripe's webhook for Parley's billing:
//   POST /functions/v1/stripe-webhook   (verify_jwt = false: Stripe signs)
// The shape every inbound webhook has (_shared/inbound-webhook.ts), with Stripe's verification:
// Stripe-Signature over the raw body with STRIPE_WEBHOOK_SECRET (300 s tolerance); a forged or stale event
// is answered 400 and stored nowhere. Stored under its id, applied by public.stripe_apply_event (older
// events never overwrite newer state; unknown types are marked ignored).
import { verifiedEvent } from '../_shared/billing/stripe.ts'
import { env } from '../_shared/env.ts'
import { errorResponse } from '../_shared/http.ts'
import { inboundWebhook } from '../_shared/inbound-webhook.ts'

type StripeEvent = Awaited<ReturnType<typeof verifiedEvent>>

Deno.serve(
  inboundWebhook<StripeEvent>({
    name: 'stripe-webhook',
    maxBody: 512 * 1024,
    storeIn: 'none',
    async verify({ req, rawBody }) {
      const secret = env('STRIPE_WEBHOOK_SECRET')
      if (!secret)
        return errorResponse(503, 'not_configured', 'Billing is not configured (STRIPE_WEBHOOK_SECRET)')
      const signature = req.headers.get('stripe-signature')
      if (!signature) return errorResponse(400, 'invalid_signature', 'Stripe-Signature is missing')
      try {
        return await verifiedEvent(rawBody, signature, secret)
      } catch {
        // forged, stale, or not an event: the same answer for each
        return errorResponse(400, 'invalid_signature', 'The signature does not match, or is too old')
      }
    },
    async store({ rawBody, db }, event) {
      const stored = await db.from('stripe_events').upsert(
        {
          id: event.id,
          type: event.type,
          created_at: new Date(event.created * 1000).toISOString(),
          payload: JSON.parse(rawBody),
        },
        { onConflict: 'id', ignoreDuplicates: true },
      )
      if (stored.error) throw new Error(`storing the event: ${stored.error.message}`)
    },
    async apply({ db }, event) {
      const applied = await db.rpc('stripe_apply_event', { p_event_id: event.id })
      if (applied.error) throw new Error(`applying ${event.type} ${event.id}: ${applied.error.message}`)
      return applied.data
    },
    retryMessage: 'The event could not be processed; Stripe will send it again',
  }),
)
