// When a store disconnects Stripe: deletes the payment webhook endpoint Parley registered on its account,
// so Stripe stops sending us its events. Deleting twice is fine: a 404 means it is already gone.
import { z } from 'zod'
import { defineJob, done } from '../../jobs/define.ts'
import { appBaseUrl } from '../base-url.ts'
import { appDestination } from '../destination.ts'
import { withDisconnectedKey } from '../disconnected-key.ts'
import stripe from './app.ts'
import { StoreStripe } from './client.ts'

export default defineJob({
  topic: 'stripe.delete_webhook',
  title: "Remove Parley's payment webhook from the store's Stripe account after disconnecting",
  payload: z.object({ store_id: z.uuid(), remote_id: z.string().min(1).max(200) }),
  destination: appDestination(stripe),
  retry: { attempts: 8, backoff: { first: 5, max: 600 } },
  key: 'stripe-delete-webhook:{store_id}:{remote_id}',
  async run(p, ctx) {
    return await withDisconnectedKey(ctx.db, p.store_id, stripe, async (key) =>
      done({
        webhook_endpoint: p.remote_id,
        deleted: await new StoreStripe(key, appBaseUrl(stripe)).deleteWebhook(p.remote_id),
      }),
    )
  },
})
