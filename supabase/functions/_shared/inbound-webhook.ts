// One shape for every webhook a third party sends us (Cal.com, a store's Stripe, Parley's Stripe billing):
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

export interface InboundWebhook<Event> {
  /** The function's name: in logs and in the rate-limit keys. */
  name: string
  maxBody: number
  /** Whether the path ends with the store's id (a store's own account calls us). */
  perStore: boolean
  /** The verified event, or the answer to give instead: a refusal (never a 500 for the sender's mistake), or an event we ignore. */
  verify(delivery: Delivery): Promise<Event | Response>
  /** Stores the event under its id, a duplicate ignored. */
  store(delivery: Delivery, event: Event): Promise<void>
  /** Applies the stored event once; what it answers goes back to the sender as `outcome`. */
  apply(delivery: Delivery, event: Event): Promise<unknown>
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

export function inboundWebhook<Event>(hook: InboundWebhook<Event>): (req: Request) => Promise<Response> {
  async function handle(req: Request): Promise<Response> {
    if (req.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'POST only')
    let storeId: string | null = null
    if (hook.perStore) {
      storeId = new URL(req.url).pathname.replace(/\/+$/, '').split('/').pop() ?? ''
      if (!UUID.test(storeId)) return errorResponse(404, 'not_found', `Use /${hook.name}/<store id>`)
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
      const perStore = numberEnv('WEBHOOK_LIMIT_PER_STORE_PER_MINUTE', 300)
      const busy = await tooMany(db, `webhook:${hook.name}:store:${storeId}`, perStore)
      if (busy) return busy
    }
    await hook.store(delivery, event)
    return json({ received: true, outcome: await hook.apply(delivery, event) })
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
