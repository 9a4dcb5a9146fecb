// A store's own Stripe account's webhook for payments in chat (the Stripe app):
//   POST /functions/v1/stripe-payments/<store id>   (verify_jwt = false: Stripe signs)
// The shape every inbound webhook has (_shared/inbound-webhook.ts), with Stripe's verification:
// Stripe-Signature over the raw body with THIS store's endpoint secret (300 s tolerance); a forged, stale or
// other store's event is answered 400 and stored nowhere. Stored under (store, event id), applied by
// apply_payment_event: a payment request changes status once, whatever arrives twice.
import { verifiedEvent } from '../_shared/billing/stripe.ts'
import { errorResponse } from '../_shared/http.ts'
import { inboundWebhook } from '../_shared/inbound-webhook.ts'
import { decryptSecret } from '../_shared/secrets.ts'
import { must } from '../_shared/supabase.ts'

type StripeEvent = Awaited<ReturnType<typeof verifiedEvent>>

Deno.serve(
  inboundWebhook<StripeEvent>({
    name: 'stripe-payments',
    maxBody: 512 * 1024,
    storeIn: 'path',
    async verify({ req, rawBody, storeId, db }) {
      const signature = req.headers.get('stripe-signature')
      if (!signature) return errorResponse(400, 'invalid_signature', 'Stripe-Signature is missing')
      const connection = must(
        await db
          .from('integrations')
          .select('webhook_secret_encrypted')
          .eq('store_id', storeId as string)
          .eq('provider', 'stripe')
          .eq('status', 'connected')
          .maybeSingle(),
        "reading the store's Stripe connection",
      )
      // Unknown store, not connected, or its endpoint not registered yet: the same answer as a bad signature.
      const secret = connection?.webhook_secret_encrypted
        ? await decryptSecret(connection.webhook_secret_encrypted)
        : null
      try {
        if (!secret) throw new Error('no secret')
        return await verifiedEvent(rawBody, signature, secret)
      } catch {
        return errorResponse(400, 'invalid_signature', 'The signature does not match, or is too old')
      }
    },
    async store({ rawBody, storeId, db }, event) {
      must(
        await db.from('payment_events').upsert(
          {
            store_id: storeId as string,
            id: event.id,
            type: event.type,
            created_at: new Date(event.created * 1000).toISOString(),
            payload: JSON.parse(rawBody),
          },
          { onConflict: 'store_id,id', ignoreDuplicates: true },
        ),
        'storing the event',
      )
    },
    async apply({ storeId, db }, event) {
      const applied = await db.rpc('apply_payment_event', {
        p_store_id: storeId as string,
        p_event_id: event.id,
      })
      if (applied.error) throw new Error(`applying ${event.type} ${event.id}: ${applied.error.message}`)
      return applied.data
    },
    retryMessage: 'The event could not be processed; Stripe will send it again',
  }),
)
