// A store's own Stripe account's webhook for payments in chat (the Stripe app):
//   POST /functions/v1/stripe-payments/<store id>   (verify_jwt = false: Stripe signs)
// 1. verify Stripe-Signature over the raw body with THIS store's endpoint secret (300 s tolerance): a
//    forged, stale or other store's event is answered 400 and stored nowhere;
// 2. store the event under (store, event id) BEFORE acting: a replay finds its row;
// 3. apply it in one SQL transaction that marks it processed (apply_payment_event): a payment request
//    changes status once, whatever arrives twice. A failure after storing answers 500, so Stripe retries
//    and the unprocessed event is applied then.
import { verifiedEvent } from '../_shared/billing/stripe.ts'
import { errorResponse, json } from '../_shared/http.ts'
import { readTextUpTo } from '../_shared/input.ts'
import { decryptSecret } from '../_shared/secrets.ts'
import { must, serviceClient } from '../_shared/supabase.ts'

const maxBody = 512 * 1024
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

async function handle(req: Request): Promise<Response> {
  if (req.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'POST only')
  const storeId = new URL(req.url).pathname.replace(/\/+$/, '').split('/').pop() ?? ''
  if (!UUID.test(storeId)) return errorResponse(404, 'not_found', 'Use /stripe-payments/<store id>')
  const rawBody = await readTextUpTo(req, maxBody)
  if (rawBody === null) return errorResponse(413, 'payload_too_large', `The body is over ${maxBody} bytes`)
  const signature = req.headers.get('stripe-signature')
  if (!signature) return errorResponse(400, 'invalid_signature', 'Stripe-Signature is missing')

  const db = serviceClient()
  const connection = must(
    await db
      .from('integrations')
      .select('webhook_secret_encrypted')
      .eq('store_id', storeId)
      .eq('provider', 'stripe')
      .eq('status', 'connected')
      .maybeSingle(),
    "reading the store's Stripe connection",
  )
  // Unknown store, not connected, or its endpoint not registered yet: the same answer as a bad signature.
  const secret = connection?.webhook_secret_encrypted
    ? await decryptSecret(connection.webhook_secret_encrypted)
    : null
  let event: Awaited<ReturnType<typeof verifiedEvent>>
  try {
    if (!secret) throw new Error('no secret')
    event = await verifiedEvent(rawBody, signature, secret)
  } catch {
    return errorResponse(400, 'invalid_signature', 'The signature does not match, or is too old')
  }

  must(
    await db.from('payment_events').upsert(
      {
        store_id: storeId,
        id: event.id,
        type: event.type,
        created_at: new Date(event.created * 1000).toISOString(),
        payload: JSON.parse(rawBody),
      },
      { onConflict: 'store_id,id', ignoreDuplicates: true },
    ),
    'storing the event',
  )
  const applied = await db.rpc('apply_payment_event', { p_store_id: storeId, p_event_id: event.id })
  if (applied.error) throw new Error(`applying ${event.type} ${event.id}: ${applied.error.message}`)
  return json({ received: true, outcome: applied.data })
}

Deno.serve(async (req) => {
  try {
    return await handle(req)
  } catch (error) {
    console.error('[stripe-payments]', error)
    return errorResponse(500, 'internal_error', 'The event could not be processed; Stripe will send it again')
  }
})
