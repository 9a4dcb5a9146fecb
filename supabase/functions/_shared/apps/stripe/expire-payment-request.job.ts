// A payment request's expiry, due a little after its link expires (a trigger enqueues it with the request):
// Stripe's checkout.session.expired may never come, and a request must not stay "open" forever. Settled
// once whichever comes first: a later "expired" from Stripe is ignored, a late payment still wins.
import { z } from 'zod'
import { parleyDatabase } from '../../automations/action-job.ts'
import { defineJob, done, retryIn } from '../../jobs/define.ts'
import { must } from '../../supabase.ts'

export default defineJob({
  topic: 'stripe.expire_payment_request',
  title: 'Mark a payment link expired when its time is up',
  payload: z.object({ store_id: z.uuid(), payment_request_id: z.uuid() }),
  destination: parleyDatabase,
  retry: { attempts: 8, backoff: { first: 30, max: 900 } },
  key: 'payexp:{payment_request_id}',
  async run(p, ctx) {
    const outcome = must(
      await ctx.db.rpc('expire_payment_request', {
        p_store_id: p.store_id,
        p_request_id: p.payment_request_id,
      }),
      'expiring the payment request',
    ) as string
    // Its expiry is still ahead (the request was made later than this job thought): come back then.
    const wait = /^not yet: (\d+)/.exec(outcome)
    if (wait) return retryIn(Number(wait[1]) + 60, 'The payment link has not expired yet')
    return done({ outcome })
  },
})
