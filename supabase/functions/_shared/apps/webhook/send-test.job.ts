// "Send a test" on the Integrations page: a signed `ping` event to the store's endpoint, so the store can
// check its receiver verifies the signature before an automation depends on it.
import { z } from 'zod'
import { defineJob } from '../../jobs/define.ts'
import { deliver, webhookDestination } from './deliver.ts'

export default defineJob({
  topic: 'webhook.send_test',
  title: 'Send a test event to your webhook endpoint',
  payload: z.object({ store_id: z.uuid() }),
  destination: webhookDestination,
  retry: { attempts: 3, backoff: { first: 5, max: 60 } },
  coalesce: 'webhook-test:{store_id}',
  run: (p, ctx) =>
    deliver(ctx, {
      store_id: p.store_id,
      delivery: `test:${ctx.job.id}`,
      body: { event: 'ping', sent_at: new Date().toISOString() },
    }),
})
