// When a store disconnects Cal.com: deletes the booking webhook Parley registered in its account, so
// Cal.com stops calling us for it. Deleting twice is fine: a 404 means it is already gone.
import { z } from 'zod'
import { defineJob, done } from '../../jobs/define.ts'
import { appBaseUrl } from '../base-url.ts'
import { appDestination } from '../destination.ts'
import { withDisconnectedKey } from '../disconnected-key.ts'
import calcom from './app.ts'
import { CalcomClient } from './client.ts'

export default defineJob({
  topic: 'calcom.delete_webhook',
  title: 'Remove the Cal.com booking webhook after disconnecting',
  payload: z.object({ store_id: z.uuid(), remote_id: z.string().min(1).max(200) }),
  destination: appDestination(calcom),
  retry: { attempts: 8, backoff: { first: 10, max: 900 } },
  key: 'calcom-delete-webhook:{store_id}:{remote_id}',
  async run(p, ctx) {
    return await withDisconnectedKey(ctx.db, p.store_id, calcom, async (apiKey) => {
      const client = new CalcomClient({ apiKey, baseUrl: appBaseUrl(calcom), breaker: ctx.breaker })
      return done({ webhook_id: p.remote_id, deleted: await client.deleteWebhook(p.remote_id) })
    })
  },
})
