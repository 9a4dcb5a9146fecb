// A conversation beyond the cap of a plan that bills overage (Pro) reaches Stripe as a Billing Meter
// event, exactly once: one job per ledger row (key), and the ledger row's id as the event's identifier,
// which Stripe dedupes, so a rerun after a lost answer counts nothing twice.
import { z } from 'zod'
import { dead, defineJob, done } from '../jobs/define.ts'
import { stripe } from './destination.ts'
import { stripeClient } from './stripe.ts'

/** The meter's event name: the Stripe meter behind the overage price must use it. */
export const overageMeterEvent = 'parley_conversations_overage'

export default defineJob({
  topic: 'billing.report_overage',
  title: 'Report conversations beyond the plan to Stripe',
  payload: z.object({
    store_id: z.uuid(),
    ledger_id: z.number().int().positive(),
    stripe_customer_id: z.string().startsWith('cus_'),
    quantity: z.number().int().positive(),
    occurred_at: z.number().int().positive(),
  }),
  destination: stripe,
  retry: { attempts: 10, backoff: { first: 30, max: 3600 } },
  key: 'overage:{ledger_id}',
  async run(p) {
    const client = stripeClient((name) => Deno.env.get(name))
    if (!client) return dead('Billing is not configured (STRIPE_SECRET_KEY)')
    const identifier = `overage:${p.ledger_id}`
    await client.billing.meterEvents.create(
      {
        event_name: overageMeterEvent,
        payload: { stripe_customer_id: p.stripe_customer_id, value: String(p.quantity) },
        identifier,
        timestamp: p.occurred_at,
      },
      { idempotencyKey: identifier },
    )
    return done({ identifier })
  },
})
