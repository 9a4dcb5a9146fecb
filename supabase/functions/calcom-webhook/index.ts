// A store's Cal.com booking webhook (registered by the calcom.register_webhook job):
//   POST /functions/v1/calcom-webhook/<store id>   (verify_jwt = false: Cal.com signs)
// The shape every inbound webhook has (_shared/inbound-webhook.ts), with Cal.com's verification:
// - X-Cal-Signature-256 is the hex HMAC-SHA256 of the raw body with the store's webhook secret; a forged
//   delivery is answered 401 and stored nowhere;
// - a stale one (createdAt older than CALCOM_WEBHOOK_MAX_AGE_SECONDS, a day by default) is answered 400:
//   nothing signed carries a time, so an old captured delivery is only caught by its own createdAt;
// - stored under (trigger, booking uid, createdAt), applied by public.calcom_apply_event.
import {
  CalDelivery,
  handledTrigger,
  SIGNATURE_HEADER,
  validSignature,
} from '../_shared/apps/calcom/webhook.ts'
import type { Json } from '../_shared/database.types.ts'
import { numberEnv } from '../_shared/env.ts'
import { errorResponse, json } from '../_shared/http.ts'
import { inboundWebhook } from '../_shared/inbound-webhook.ts'
import { decryptSecret } from '../_shared/secrets.ts'
import { must } from '../_shared/supabase.ts'

const maxAgeMs = () => numberEnv('CALCOM_WEBHOOK_MAX_AGE_SECONDS', 86_400) * 1000

interface Booking {
  body: { [key: string]: Json }
  trigger: string
  uid: string
  sentAt: number
  ref: string
}

Deno.serve(
  inboundWebhook<Booking>({
    name: 'calcom-webhook',
    maxBody: 256 * 1024,
    storeIn: 'path',
    async verify({ req, rawBody, storeId, db }) {
      const connection = must(
        await db
          .from('integrations')
          .select('status, webhook_secret_encrypted')
          .eq('store_id', storeId as string)
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
      return {
        body: body as { [key: string]: Json },
        trigger: delivery.triggerEvent,
        uid: delivery.payload.uid,
        sentAt,
        ref: `${delivery.triggerEvent}:${delivery.payload.uid}:${delivery.createdAt}`,
      }
    },
    async store({ storeId, db }, booking) {
      must(
        await db.from('calcom_events').upsert(
          {
            store_id: storeId as string,
            delivery_ref: booking.ref,
            trigger_event: booking.trigger,
            booking_uid: booking.uid,
            sent_at: new Date(booking.sentAt).toISOString(),
            payload: booking.body,
          },
          { onConflict: 'store_id,delivery_ref', ignoreDuplicates: true },
        ),
        'storing the delivery',
      )
    },
    async apply({ storeId, db }, booking) {
      const stored = must(
        await db
          .from('calcom_events')
          .select('id')
          .eq('store_id', storeId as string)
          .eq('delivery_ref', booking.ref)
          .single(),
        'reading the stored delivery',
      )
      return must(await db.rpc('calcom_apply_event', { p_event_id: stored.id }), 'applying the delivery')
    },
    retryMessage: 'The delivery could not be processed; send it again',
  }),
)
