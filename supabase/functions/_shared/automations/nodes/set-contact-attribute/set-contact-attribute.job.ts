import { z } from 'zod'
import { dead, defineJob, done } from '../../../jobs/define.ts'
import { must } from '../../../supabase.ts'
import { parleyDatabase, RUN_STEP_KEY, runFields } from '../../action-job.ts'

export default defineJob({
  topic: 'automations.set_contact_attribute',
  title: 'Set a contact attribute (automation)',
  payload: z.object({
    ...runFields,
    key: z.string().min(1).max(60),
    value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  }),
  destination: parleyDatabase,
  retry: { attempts: 5, backoff: { first: 2, max: 60 } },
  key: RUN_STEP_KEY,
  async run(p, { db }) {
    if (!p.contact_id) return dead('The conversation has no contact to set an attribute on')
    const found = must(
      await db.rpc('set_contact_attribute', {
        p_store_id: p.store_id,
        p_contact_id: p.contact_id,
        p_key: p.key,
        p_value: p.value,
      }),
      'setting the attribute',
    ) as boolean
    return found ? done({ key: p.key, value: p.value }) : done({ skipped: 'the contact is gone' })
  },
})
