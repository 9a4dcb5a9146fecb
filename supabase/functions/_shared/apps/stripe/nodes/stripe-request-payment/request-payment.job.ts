// An automation's payment request: the request and its card in the conversation (one per run step, by
// the idempotency key), whose Checkout page stripe.open_checkout then opens on the store's account.
import { z } from 'zod'
import { NO_SESSION, parleyDatabase, RUN_STEP_KEY, runFields } from '../../../../automations/action-job.ts'
import { dead, defineJob, done } from '../../../../jobs/define.ts'

export default defineJob({
  topic: 'stripe.request_payment',
  title: 'Ask for a payment in the conversation (automation)',
  payload: z.object({
    ...runFields,
    amount: z.number().int().min(1),
    currency: z.string().regex(/^[a-z]{3}$/),
    description: z.string().min(1).max(300),
    expires_in_minutes: z.number().int().min(30).max(1440),
  }),
  destination: parleyDatabase,
  retry: { attempts: 5, backoff: { first: 5, max: 300 } },
  key: RUN_STEP_KEY,
  async run(p, ctx) {
    if (!p.session_id) return dead(NO_SESSION)
    const { data, error } = await ctx.db.rpc('create_payment_request', {
      p_store_id: p.store_id,
      p_session_id: p.session_id,
      p_amount: p.amount,
      p_currency: p.currency,
      p_description: p.description,
      p_expires_in_minutes: p.expires_in_minutes,
      p_origin: 'automation',
      p_idempotency_key: `run:${p.run_id}:${p.step}`,
    })
    // P0001/P0002/22023: Stripe is not connected, the conversation is gone, a bad expiry: retrying cannot help.
    if (error) {
      if (['P0001', 'P0002', '22023'].includes(error.code)) return dead(error.message)
      throw new Error(`asking for the payment: ${error.message}`)
    }
    return done({ payment_request_id: data })
  },
})
