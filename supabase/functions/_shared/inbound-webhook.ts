// One shape for every webhook a third party sends us (Cal.com, a store's Stripe, Parley's Stripe billing,
// Chatwoot):
//   1. refuse a sender that floods us: per source address, before anything is read or verified;
//   2. verify the delivery (the provider's signature and age check): a forged or stale one is refused with
//      the provider's status code and stored nowhere;
//   3. refuse a store flooded with verified deliveries (a runaway sender, a replay storm);
//   4. store it under its event id BEFORE acting, ignoring a duplicate: a replay finds its row;
//   5. apply it in one SQL transaction that marks it processed, so nothing is applied twice.
// A failure after storing answers 500, so the sender retries and the stored row is applied then; the
// sender's own mistakes (bad signature, bad body, too big, too many) never answer 500.
// Limits: WEBHOOK_LIMIT_PER_ADDRESS_PER_MINUTE (600) and WEBHOOK_LIMIT_PER_STORE_PER_MINUTE (300).
import type { Db } from './db.ts'
import { numberEnv } from './env.ts'
import { errorResponse, json } from './http.ts'
import { readTextUpTo } from './input.ts'
import { serviceClient } from './supabase.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export interface Delivery {
  req: Request
  rawBody: string
  /** The store named by the path (`/<function>/<store id>`), or null for Parley's own webhooks. */
  storeId: string | null
  db: Db
}

export interface InboundWebhook<Event, Stored = void> {
  /** The function's name: in logs and in the rate-limit keys. */
  name: string
  maxBody: number
  /**
   * The store a delivery is for, from its URL: a store's own account calls `/<function>/<store id>`
   * (`'path'`), Chatwoot `?store=<store id>` (`'query'`); Parley's own webhooks have none.
   */
  storeIn: 'path' | 'query' | 'none'
  /** The verified event, or the answer to give instead: a refusal (never a 500 for the sender's mistake), or an event we ignore. */
  verify(delivery: Delivery): Promise<Event | Response>
  /** Stores the event under its id, a duplicate ignored; or answers (an event already applied). */
  store(delivery: Delivery, event: Event): Promise<Stored | Response>
  /** Applies the stored event once; what it answers goes back to the sender as `outcome`. */
  apply(delivery: Delivery, event: Event, stored: Stored): Promise<unknown>
  /** The body of the answer (`{ received: true, outcome }` unless the sender expects another). */
  answer?(outcome: unknown): unknown
  /** Verified deliveries one store may get per minute unless WEBHOOK_LIMIT_PER_STORE_PER_MINUTE says (300). */
  perStoreDefault?: number
  /** What the sender reads when applying failed: it will send again. */
  retryMessage: string
}

/** The first address of X-Forwarded-For, as the edge in front of the functions sets it. */
function sourceAddress(req: Request): string {
  const first = req.headers.get('x-forwarded-for')?.split(',')[0]?.trim() ?? ''
  return /^[0-9a-fA-F.:]{2,45}$/.test(first) ? first : 'unknown'
}

async function tooMany(db: Db, key: string, max: number): Promise<Response | null> {
  const { data, error } = await db.rpc('take_webhook_allowance', {
    p_key: key,
    p_max: max,
    p_window_seconds: 60,
  })
  if (error) throw new Error(`counting ${key}: ${error.message}`)
  if (!data) return null
  const refused = errorResponse(429, 'rate_limited', `Too many deliveries; retry in ${data} s`)
  refused.headers.set('Retry-After', String(data))
  return refused
}

export function inboundWebhook<Event, Stored = void>(
  hook: InboundWebhook<Event, Stored>,
): (req: Request) => Promise<Response> {
  async function handle(req: Request): Promise<Response> {
    if (req.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'POST only')
    let storeId: string | null = null
    const url = new URL(req.url)
    if (hook.storeIn === 'path') {
      storeId = url.pathname.replace(/\/+$/, '').split('/').pop() ?? ''
      if (!UUID.test(storeId)) return errorResponse(404, 'not_found', `Use /${hook.name}/<store id>`)
    } else if (hook.storeIn === 'query') {
      storeId = url.searchParams.get('store') ?? ''
      if (!UUID.test(storeId)) return errorResponse(400, 'invalid_store', 'store must be a store id')
    }
    const db = serviceClient()
    const perAddress = numberEnv('WEBHOOK_LIMIT_PER_ADDRESS_PER_MINUTE', 600)
    const flooding = await tooMany(db, `webhook:${hook.name}:address:${sourceAddress(req)}`, perAddress)
    if (flooding) return flooding
    const rawBody = await readTextUpTo(req, hook.maxBody)
    if (rawBody === null)
      return errorResponse(413, 'payload_too_large', `The body is over ${hook.maxBody} bytes`)
    const delivery: Delivery = { req, rawBody, storeId, db }
    const event = await hook.verify(delivery)
    if (event instanceof Response) return event
    if (storeId) {
      const perStore = numberEnv('WEBHOOK_LIMIT_PER_STORE_PER_MINUTE', hook.perStoreDefault ?? 300)
      const busy = await tooMany(db, `webhook:${hook.name}:store:${storeId}`, perStore)
      if (busy) return busy
    }
    const stored = await hook.store(delivery, event)
    if (stored instanceof Response) return stored
    const outcome = await hook.apply(delivery, event, stored)
    return json(hook.answer ? hook.answer(outcome) : { received: true, outcome })
  }
  return async (req) => {
    try {
      return await handle(req)
    } catch (error) {
      console.error(`[${hook.name}]`, error)
      return errorResponse(500, 'internal_error', hook.retryMessage)
    }
  }
}
