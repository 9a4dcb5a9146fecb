// A store's Cal.com booking webhook (registered by the calcom.register_webhook job):
//   POST /functions/v1/calcom-webhook/<store id>   (verify_jwt = false: Cal.com signs)
// 1. verify X-Cal-Signature-256 (hex HMAC-SHA256 of the raw body with the store's webhook secret); a forged
//    delivery is answered 401 and stored nowhere;
// 2. refuse a stale one (createdAt older than CALCOM_WEBHOOK_MAX_AGE_SECONDS, a day by default): nothing
//    signed carries a time, so an old captured delivery is only caught by its own createdAt;
// 3. store it under (trigger, booking uid, createdAt) BEFORE acting: a replay finds its row;
// 4. apply it in one SQL transaction that marks it processed (public.calcom_apply_event). A failure after
//    storing answers 500; the next delivery of it (or a replay) applies the stored row then.
import {
  CalDelivery,
  handledTrigger,
  SIGNATURE_HEADER,
  validSignature,
} from '../_shared/apps/calcom/webhook.ts'
import type { Json } from '../_shared/database.types.ts'
import { errorResponse, json } from '../_shared/http.ts'
import { readTextUpTo } from '../_shared/input.ts'
import { decryptSecret } from '../_shared/secrets.ts'
import { must, serviceClient } from '../_shared/supabase.ts'

const maxBody = 256 * 1024
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const maxAgeMs = () => (Number(Deno.env.get('CALCOM_WEBHOOK_MAX_AGE_SECONDS')) || 86_400) * 1000

async function handle(req: Request): Promise<Response> {
  if (req.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'POST only')
  const storeId = new URL(req.url).pathname.replace(/\/+$/, '').split('/').pop() ?? ''
  if (!UUID.test(storeId)) return errorResponse(404, 'not_found', 'Unknown webhook')
  const rawBody = await readTextUpTo(req, maxBody)
  if (rawBody === null) return errorResponse(413, 'payload_too_large', `The body is over ${maxBody} bytes`)

  const db = serviceClient()
  const connection = must(
    await db
      .from('integrations')
      .select('status, webhook_secret_encrypted')
      .eq('store_id', storeId)
      .eq('provider', 'calcom')
      .maybeSingle(),
    'reading the Cal.com connection',
  )
  if (!connection?.webhook_secret_encrypted || connection.status === 'disconnected')
    return errorResponse(404, 'not_found', 'Unknown webhook')
  const secret = await decryptSecret(connection.webhook_secret_encrypted)
  if (!(await validSignature(secret, rawBody, req.headers.get(SIGNATURE_HEADER))))
    return errorResponse(401, 'invalid_signature', 'The signature does not match')

  let body: unknown
  try {
    body = JSON.parse(rawBody)
  } catch {
    return errorResponse(400, 'invalid_body', 'The body is not JSON')
  }
  const parsed = CalDelivery.safeParse(body)
  if (!parsed.success) return errorResponse(400, 'invalid_body', 'Not a booking delivery')
  const delivery = parsed.data
  const sentAt = Date.parse(delivery.createdAt)
  if (Date.now() - sentAt > maxAgeMs() || sentAt - Date.now() > 300_000)
    return errorResponse(400, 'stale', 'The delivery is too old (or from the future)')
  if (!handledTrigger(delivery.triggerEvent)) return json({ received: true, outcome: 'ignored' })

  const deliveryRef = `${delivery.triggerEvent}:${delivery.payload.uid}:${delivery.createdAt}`
  must(
    await db.from('calcom_events').upsert(
      {
        store_id: storeId,
        delivery_ref: deliveryRef,
        trigger_event: delivery.triggerEvent,
        booking_uid: delivery.payload.uid,
        sent_at: new Date(sentAt).toISOString(),
        payload: body as { [key: string]: Json },
      },
      { onConflict: 'store_id,delivery_ref', ignoreDuplicates: true },
    ),
    'storing the delivery',
  )
  const stored = must(
    await db
      .from('calcom_events')
      .select('id')
      .eq('store_id', storeId)
      .eq('delivery_ref', deliveryRef)
      .single(),
    'reading the stored delivery',
  )
  const applied = must(await db.rpc('calcom_apply_event', { p_event_id: stored.id }), 'applying the delivery')
  return json({ received: true, outcome: applied })
}

Deno.serve(async (req) => {
  try {
    return await handle(req)
  } catch (error) {
    console.error('[calcom-webhook]', error)
    return errorResponse(500, 'internal_error', 'The delivery could not be processed; send it again')
  }
})
