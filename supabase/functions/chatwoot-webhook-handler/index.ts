// Chatwoot's account webhook (and the API inbox's webhook_url) for one store:
//   POST /functions/v1/chatwoot-webhook-handler?store=<store_id>   (verify_jwt = false: Chatwoot signs)
// 1. verify X-Chatwoot-Signature (HMAC-SHA256 over "timestamp.raw body") with the store's secret, refuse
//    stale timestamps; every refusal is the same bare 401;
// 2. store the event under its X-Chatwoot-Delivery id (unique per store) BEFORE acting: a replayed
//    delivery finds its row and is not applied again;
// 3. apply it (apply.ts). Unknown events are stored and ignored.
import { z } from 'zod'
import { verifyWebhook } from '../_shared/chatwoot/index.ts'
import { webhookSecrets } from '../_shared/chatwoot-account.ts'
import type { Json } from '../_shared/database.types.ts'
import { errorResponse, json } from '../_shared/http.ts'
import { serviceClient } from '../_shared/supabase.ts'
import { applyEvent } from './apply.ts'

const maxBody = 512 * 1024
const StoreId = z.string().uuid()
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

async function readBody(req: Request): Promise<string | null> {
  const declared = Number(req.headers.get('content-length') ?? 0)
  if (declared > maxBody) return null
  const text = await req.text()
  return new TextEncoder().encode(text).length > maxBody ? null : text
}

async function handle(req: Request): Promise<Response> {
  if (req.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'POST only')
  const store = StoreId.safeParse(new URL(req.url).searchParams.get('store'))
  if (!store.success) return errorResponse(400, 'invalid_store', 'store must be a store id')
  const rawBody = await readBody(req)
  if (rawBody === null) return errorResponse(413, 'payload_too_large', `The body is over ${maxBody} bytes`)

  const db = serviceClient()
  const account = await webhookSecrets(db, store.data)
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
  const event = Event.safeParse(payload)
  if (!event.success || payload === null)
    return errorResponse(400, 'invalid_event', 'The body is not a Chatwoot event')
  const shape = Shapes[event.data.event]
  if (shape && !shape.safeParse(event.data).success)
    return errorResponse(400, 'invalid_event', `The body is not a valid ${event.data.event} event`)
  // A delivery signed with this store's secret but about another account is not ours to apply.
  const accountRef = (event.data as { account?: { id?: unknown } }).account?.id
  const foreign = accountRef !== undefined && accountRef !== account.accountId

  const stored = await db
    .from('chatwoot_webhook_events')
    .upsert(
      {
        store_id: store.data,
        delivery_id: delivery.data,
        event: event.data.event,
        payload,
        signed_at: new Date(signedAt * 1000).toISOString(),
      },
      { onConflict: 'store_id,delivery_id', ignoreDuplicates: true },
    )
    .select('id')
  if (stored.error) throw new Error(`storing the event: ${stored.error.message}`)
  let eventId = (stored.data as { id: number }[])[0]?.id
  if (eventId === undefined) {
    // Seen before: only an event whose application never finished is applied again.
    const seen = await db
      .from('chatwoot_webhook_events')
      .select('id, processed_at')
      .eq('store_id', store.data)
      .eq('delivery_id', delivery.data)
      .single()
    if (seen.error) throw new Error(`reading the event: ${seen.error.message}`)
    if (seen.data.processed_at) return json({ ok: true, duplicate: true })
    eventId = seen.data.id as number
  }

  const outcome = foreign ? 'ignored: another account' : await applyEvent(db, store.data, event.data)
  const done = await db
    .from('chatwoot_webhook_events')
    .update({ processed_at: new Date().toISOString(), outcome })
    .eq('id', eventId)
  if (done.error) throw new Error(`marking the event processed: ${done.error.message}`)
  return json({ ok: true, outcome })
}

Deno.serve(async (req) => {
  try {
    return await handle(req)
  } catch (error) {
    console.error(error)
    return errorResponse(500, 'internal_error', 'The event could not be processed')
  }
})
