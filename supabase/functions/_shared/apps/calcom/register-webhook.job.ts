// Once a store connects Cal.com: registers Parley's booking webhook in the store's Cal.com account, with a
// secret Parley makes and keeps encrypted. The secret is saved before Cal.com hears of it, so a delivery can
// always be verified; a webhook id in the settings means it is registered (connecting again clears both).
import { z } from 'zod'
import { env } from '../../env.ts'
import { defineJob, done } from '../../jobs/define.ts'
import { encryptSecret } from '../../secrets.ts'
import { must } from '../../supabase.ts'
import { appBaseUrl } from '../base-url.ts'
import { withCredential } from '../connection.ts'
import { appDestination } from '../destination.ts'
import { randomToken } from '../oauth.ts'
import calcom, { BOOKING_TRIGGERS } from './app.ts'
import { CalcomClient } from './client.ts'

/** Where Cal.com delivers this store's bookings. */
export const webhookUrl = (storeId: string) =>
  `${(env('PARLEY_FUNCTIONS_URL') ?? `${env('SUPABASE_URL')}/functions/v1`).replace(/\/+$/, '')}/calcom-webhook/${storeId}`

export default defineJob({
  topic: 'calcom.register_webhook',
  title: 'Register the Cal.com booking webhook',
  payload: z.object({ store_id: z.uuid() }),
  destination: appDestination(calcom),
  retry: { attempts: 8, backoff: { first: 10, max: 900 } },
  coalesce: 'calcom-webhook:{store_id}',
  async run(p, ctx) {
    return await withCredential(ctx.db, p.store_id, calcom, async (apiKey, config) => {
      const settings = calcom.settings.safeParse(config)
      const row = must(
        await ctx.db
          .from('integrations')
          .select('webhook_secret_encrypted')
          .eq('store_id', p.store_id)
          .eq('provider', calcom.id)
          .single(),
        'reading the Cal.com connection',
      )
      if (settings.success && settings.data.webhook_id && row.webhook_secret_encrypted)
        return done({ webhook_id: settings.data.webhook_id, already: true })
      const secret = randomToken()
      must(
        await ctx.db
          .from('integrations')
          .update({ webhook_secret_encrypted: await encryptSecret(secret) })
          .eq('store_id', p.store_id)
          .eq('provider', calcom.id)
          .neq('status', 'disconnected'),
        'saving the webhook secret',
      )
      const client = new CalcomClient({ apiKey, baseUrl: appBaseUrl(calcom), breaker: ctx.breaker })
      const webhook = await client.createWebhook({
        subscriberUrl: webhookUrl(p.store_id),
        triggers: Object.keys(BOOKING_TRIGGERS),
        secret,
      })
      // Only the webhook id changes: the owner may be choosing the event type at the same time.
      const kept = must(
        await ctx.db.rpc('set_integration_setting', {
          p_store_id: p.store_id,
          p_app: calcom.id,
          p_key: 'webhook_id',
          p_value: webhook.id,
        }),
        'saving the webhook id',
      )
      // The store disconnected while Cal.com was answering: nobody else knows of this webhook.
      if (!kept)
        return done({ webhook_id: webhook.id, deleted: await client.deleteWebhook(String(webhook.id)) })
      return done({ webhook_id: webhook.id })
    })
  },
})
