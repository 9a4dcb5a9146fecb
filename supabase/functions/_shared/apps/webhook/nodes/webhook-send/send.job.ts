// The "Send a webhook" step: the conversation's details, signed, to the step's URL or the app's endpoint.
// X-Parley-Delivery is the run and step, the same on every retry, so receivers can deduplicate.
import { z } from 'zod'
import { RUN_STEP_KEY, runFields } from '../../../../automations/action-job.ts'
import { defineJob } from '../../../../jobs/define.ts'
import { deliver, webhookDestination } from '../../deliver.ts'

export default defineJob({
  topic: 'webhook.send',
  title: 'Send a webhook (automation)',
  payload: z.object({
    ...runFields,
    url: z.string().max(2000).nullish(),
    headers: z.record(z.string(), z.string()).default({}),
    body: z.record(z.string(), z.unknown()),
  }),
  destination: webhookDestination,
  retry: { attempts: 6, backoff: { first: 10, max: 3600 } },
  key: RUN_STEP_KEY,
  run: (p, ctx) =>
    deliver(ctx, {
      store_id: p.store_id,
      url: p.url,
      headers: p.headers,
      delivery: `${p.run_id}:${p.step}`,
      body: { workflow_id: p.workflow_id, run_id: p.run_id, ...p.body },
    }),
})
