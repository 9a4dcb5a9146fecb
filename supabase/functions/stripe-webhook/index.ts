// Stripe's webhook for Parley's billing:
//   POST /functions/v1/stripe-webhook   (verify_jwt = false: Stripe signs)
// 1. verify Stripe-Signature over the raw body with STRIPE_WEBHOOK_SECRET (300 s tolerance); a forged or
//    stale event is answered 400 and stored nowhere;
// 2. store the event under its id BEFORE acting (a replay finds its row);
// 3. apply it in one SQL transaction that marks it processed (public.stripe_apply_event: older events never
//    overwrite newer state; unknown types are marked ignored). A failure after storing answers 500, so
//    Stripe retries and the unprocessed event is applied then.

import { verifiedEvent } from '../_shared/billing/stripe.ts'
import { errorResponse, json } from '../_shared/http.ts'
import { readTextUpTo } from '../_shared/input.ts'
import { serviceClient } from '../_shared/supabase.ts'

const maxBody = 512 * 1024

async function handle(req: Request): Promise<Response> {
  if (req.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'POST only')
  const secret = Deno.env.get('STRIPE_WEBHOOK_SECRET')
  if (!secret)
    return errorResponse(503, 'not_configured', 'Billing is not configured (STRIPE_WEBHOOK_SECRET)')
  const rawBody = await readTextUpTo(req, maxBody)
  if (rawBody === null) return errorResponse(413, 'payload_too_large', `The body is over ${maxBody} bytes`)
  const signature = req.headers.get('stripe-signature')
  if (!signature) return errorResponse(400, 'invalid_signature', 'Stripe-Signature is missing')

  let event: Awaited<ReturnType<typeof verifiedEvent>>
  try {
    event = await verifiedEvent(rawBody, signature, secret)
  } catch {
    // forged, stale, or not an event: the same answer for each
    return errorResponse(400, 'invalid_signature', 'The signature does not match, or is too old')
  }

  const db = serviceClient()
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
  const applied = await db.rpc('stripe_apply_event', { p_event_id: event.id })
  if (applied.error) throw new Error(`applying ${event.type} ${event.id}: ${applied.error.message}`)
  return json({ received: true, outcome: applied.data })
}

Deno.serve(async (req) => {
  try {
    return await handle(req)
  } catch (error) {
    console.error(error)
    return errorResponse(500, 'internal_error', 'The event could not be processed; Stripe will send it again')
  }
})
