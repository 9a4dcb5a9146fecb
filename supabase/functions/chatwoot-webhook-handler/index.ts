// Chatwoot's account webhook (and the API inbox's webhook_url) for one store:
//   POST /functions/v1/chatwoot-webhook-handler?store=<store_id>   (verify_jwt = false: Chatwoot signs)
// The shape every inbound webhook has (_shared/inbound-webhook.ts), with Chatwoot's verification:
// X-Chatwoot-Signature (HMAC-SHA256 over "timestamp.raw body") with the store's secret, stale timestamps
// refused; every refusal is the same bare 401. Stored under its X-Chatwoot-Delivery id (unique per store):
// a replayed delivery finds its row and is not applied again. Applied by apply.ts; unknown events are stored
// and ignored.
import { z } from 'zod'
import { verifyWebhook } from '../_shared/chatwoot/index.ts'
import { webhookSecrets } from '../_shared/chatwoot-account.ts'
import type { Json } from '../_shared/database.types.ts'
import { errorResponse, json } from '../_shared/http.ts'
import { inboundWebhook } from '../_shared/inbound-webhook.ts'
import { unstorable } from '../_shared/input.ts'
import { applyEvent } from './apply.ts'

const Delivery = z.string().min(1).max(200)
const Event = z.object({ event: z.string().min(1).max(100) }).passthrough()
// What the appliers rely on, per event (the rest of Chatwoot's payload passes through untouched).
const Conversation = z
  .object({
    id: z.number().int().positive(),
    custom_attributes: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough()
const ConversationEvent = Conversation.extend({
  status: z.string().optional(),
  meta: z.object({}).passthrough().optional(),
})
const Shapes: Record<string, z.ZodType> = {
  message_created: z
    .object({
      id: z.number().int().positive(),
      content: z.string().max(200_000).nullable().optional(),
      message_type: z.string(),
      private: z.boolean(),
      sender: z.object({ type: z.string().optional() }).passthrough().nullable().optional(),
      conversation: Conversation,
    })
    .passthrough(),
  conversation_status_changed: ConversationEvent,
  conversation_updated: ConversationEvent,
  conversation_typing_on: z
    .object({ conversation: Conversation, is_private: z.boolean().optional() })
    .passthrough(),
  conversation_typing_off: z
    .object({ conversation: Conversation, is_private: z.boolean().optional() })
    .passthrough(),
  contact_created: z.object({ id: z.number().int().positive() }).passthrough(),
  contact_updated: z.object({ id: z.number().int().positive() }).passthrough(),
}

const unauthorized = () => errorResponse(401, 'unauthorized', 'Invalid signature')

interface ChatwootDelivery {
  id: string
  signedAt: number
  payload: NonNullable<Json>
  event: z.infer<typeof Event>
  /** Signed with this store's secret but about another Chatwoot account: stored, not applied. */
  foreign: boolean
}

Deno.serve(
  inboundWebhook<ChatwootDelivery, number>({
    name: 'chatwoot-webhook-handler',
    maxBody: 512 * 1024,
    storeIn: 'query',
    // Chatwoot sends every message and typing change and does not retry: a busy store needs room.
    perStoreDefault: 3000,
    async verify({ req, rawBody, storeId, db }) {
      const account = await webhookSecrets(db, storeId as string)
      if (!account) return unauthorized()
      const timestamp = req.headers.get('x-chatwoot-timestamp')
      const signature = req.headers.get('x-chatwoot-signature')
      let signedAt: number | null = null
      for (const secret of account.secrets) {
        const verdict = await verifyWebhook({ secret, timestamp, signature, rawBody })
        if (verdict.ok) {
          signedAt = verdict.timestamp
          break
        }
        // stale/future/missing/malformed do not depend on the key: no use trying the next one
        if (verdict.reason !== 'mismatch') break
      }
      if (signedAt === null) return unauthorized()

      const delivery = Delivery.safeParse(req.headers.get('x-chatwoot-delivery'))
      if (!delivery.success) return errorResponse(400, 'missing_delivery', 'X-Chatwoot-Delivery is required')
      // JSON.parse only ever yields JSON values: what the jsonb column stores as it came.
      let payload: Json
      try {
        payload = JSON.parse(rawBody)
      } catch {
        return errorResponse(400, 'invalid_json', 'The body is not valid JSON')
      }
      const problem = unstorable(payload)
      if (problem) return errorResponse(400, 'invalid_event', `The event cannot be stored: ${problem}`)
      const event = Event.safeParse(payload)
      if (!event.success || payload === null)
        return errorResponse(400, 'invalid_event', 'The body is not a Chatwoot event')
      const shape = Shapes[event.data.event]
      if (shape && !shape.safeParse(event.data).success)
        return errorResponse(400, 'invalid_event', `The body is not a valid ${event.data.event} event`)
      const accountRef = (event.data as { account?: { id?: unknown } }).account?.id
      return {
        id: delivery.data,
        signedAt,
        payload,
        event: event.data,
        foreign: accountRef !== undefined && accountRef !== account.accountId,
      }
    },
    async store({ storeId, db }, delivery) {
      const stored = await db
        .from('chatwoot_webhook_events')
        .upsert(
          {
            store_id: storeId as string,
            delivery_id: delivery.id,
            event: delivery.event.event,
            payload: delivery.payload,
            signed_at: new Date(delivery.signedAt * 1000).toISOString(),
          },
          { onConflict: 'store_id,delivery_id', ignoreDuplicates: true },
        )
        .select('id')
      if (stored.error) throw new Error(`storing the event: ${stored.error.message}`)
      const eventId = stored.data[0]?.id
      if (eventId !== undefined) return eventId
      // Seen before: only an event whose application never finished is applied again.
      const seen = await db
        .from('chatwoot_webhook_events')
        .select('id, processed_at')
        .eq('store_id', storeId as string)
        .eq('delivery_id', delivery.id)
        .single()
      if (seen.error) throw new Error(`reading the event: ${seen.error.message}`)
      if (seen.data.processed_at) return json({ ok: true, duplicate: true })
      return seen.data.id
    },
    async apply({ storeId, db }, delivery, eventId) {
      const outcome = delivery.foreign
        ? 'ignored: another account'
        : await applyEvent(db, storeId as string, delivery.event)
      const done = await db
        .from('chatwoot_webhook_events')
        .update({ processed_at: new Date().toISOString(), outcome })
        .eq('id', eventId)
      if (done.error) throw new Error(`marking the event processed: ${done.error.message}`)
      return outcome
    },
    answer: (outcome) => ({ ok: true, outcome }),
    retryMessage: 'The event could not be processed',
  }),
)
