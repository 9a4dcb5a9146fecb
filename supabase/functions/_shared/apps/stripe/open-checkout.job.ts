// Opens the Checkout Session of a payment request on the store's own Stripe account (idempotency key
// `payreq:<request id>`, so a retry after a lost answer gets the same session), and puts its page on the
// request, which the widget's card links to. When Stripe refuses for good, the request is marked failed
// and the card says so.
import { z } from 'zod'
import { dashboardUrl } from '../../dashboard-url.ts'
import { defineJob, done, type JobResult, JobStop } from '../../jobs/define.ts'
import { must } from '../../supabase.ts'
import { appBaseUrl } from '../base-url.ts'
import { withCredential } from '../connection.ts'
import { appDestination, classifyAppError } from '../destination.ts'
import stripe from './app.ts'
import { StoreStripe } from './client.ts'

const RETRY = { attempts: 6, backoff: { first: 10, max: 600 } }

const thanksPage = () => `${dashboardUrl()}/payments/done`

export default defineJob({
  topic: 'stripe.open_checkout',
  title: 'Open a Stripe Checkout page for a payment request',
  payload: z.object({ store_id: z.uuid(), payment_request_id: z.uuid() }),
  destination: appDestination(stripe),
  retry: RETRY,
  key: 'payreq:{payment_request_id}',
  async run(p, ctx) {
    const request = must(
      await ctx.db
        .from('payment_requests')
        .select('id, amount, currency, description, expires_at, status, checkout_session_id')
        .eq('store_id', p.store_id)
        .eq('id', p.payment_request_id)
        .maybeSingle(),
      'reading the payment request',
    )
    if (!request) return done({ skipped: 'the payment request is gone' })
    if (request.checkout_session_id || request.status !== 'open')
      return done({ checkout_session_id: request.checkout_session_id })
    let result: JobResult
    try {
      const session = await withCredential(ctx.db, p.store_id, stripe, (key, config) => {
        const settings = stripe.settings.safeParse(config ?? {})
        const success = (settings.success && settings.data.success_url) || thanksPage()
        return new StoreStripe(key, appBaseUrl(stripe)).openCheckout(request, { success, cancel: success })
      })
      must(
        await ctx.db
          .from('payment_requests')
          .update({ checkout_session_id: session.id, checkout_url: session.url })
          .eq('store_id', p.store_id)
          .eq('id', request.id),
        'saving the Checkout page',
      )
      return done({ checkout_session_id: session.id })
    } catch (error) {
      if (error instanceof JobStop) throw error
      result = classifyAppError(stripe.name, error) ?? { outcome: 'retry', reason: String(error) }
    }
    const lastTry = result.outcome === 'retry' && ctx.job.attempt >= RETRY.attempts
    if (result.outcome === 'dead' || lastTry)
      await ctx.db.rpc('fail_payment_request', {
        p_store_id: p.store_id,
        p_request_id: request.id,
        p_reason: 'reason' in result ? result.reason : 'Stripe could not open the payment page',
      })
    return result
  },
})
