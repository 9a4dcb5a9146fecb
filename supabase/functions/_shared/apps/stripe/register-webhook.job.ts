// Runs when a store connects Stripe: registers Parley's endpoint for this store
// (`/functions/v1/stripe-payments/<store id>`) on the store's own account and keeps the signing secret
// Stripe shows only in that answer, encrypted. The idempotency key makes a retry after a lost answer get
// the same endpoint and secret (the key names this job, so connecting again registers a new endpoint).
import { z } from 'zod'
import { env } from '../../env.ts'
import { defineJob, done } from '../../jobs/define.ts'
import { encryptSecret } from '../../secrets.ts'
import { must } from '../../supabase.ts'
import { appBaseUrl } from '../base-url.ts'
import { withCredential } from '../connection.ts'
import { appDestination } from '../destination.ts'
import stripe from './app.ts'
import { StoreStripe } from './client.ts'

/** Where Stripe delivers a store's payment events. */
export function paymentsWebhookUrl(storeId: string): string {
  const functions = env('PARLEY_FUNCTIONS_URL') ?? `${env('SUPABASE_URL')}/functions/v1`
  return `${functions.replace(/\/+$/, '')}/stripe-payments/${storeId}`
}

export default defineJob({
  topic: 'stripe.register_webhook',
  title: "Register Parley's payment webhook on the store's Stripe account",
  payload: z.object({ store_id: z.uuid() }),
  destination: appDestination(stripe),
  retry: { attempts: 8, backoff: { first: 5, max: 600 } },
  coalesce: 'stripe-webhook:{store_id}',
  async run(p, ctx) {
    return await withCredential(ctx.db, p.store_id, stripe, async (key) => {
      const client = new StoreStripe(key, appBaseUrl(stripe))
      const endpoint = await client.registerWebhook(
        paymentsWebhookUrl(p.store_id),
        p.store_id,
        `job-${ctx.job.id}`,
      )
      if (!endpoint.secret) throw new Error('Stripe did not return the endpoint secret')
      must(
        await ctx.db
          .from('integrations')
          .update({ webhook_secret_encrypted: await encryptSecret(endpoint.secret) })
          .eq('store_id', p.store_id)
          .eq('provider', stripe.id)
          .neq('status', 'disconnected'),
        'saving the webhook secret',
      )
      // Only this key changes: the owner may be editing the other settings meanwhile.
      const kept = must(
        await ctx.db.rpc('set_integration_setting', {
          p_store_id: p.store_id,
          p_app: stripe.id,
          p_key: 'webhook_endpoint_id',
          p_value: endpoint.id,
        }),
        'saving the webhook endpoint id',
      )
      // The store disconnected while Stripe was answering: nobody else knows of this endpoint.
      if (!kept)
        return done({ webhook_endpoint: endpoint.id, deleted: await client.deleteWebhook(endpoint.id) })
      return done({ webhook_endpoint: endpoint.id })
    })
  },
})
