import { z } from 'zod'
import { dead, defineJob, done } from '../../../jobs/define.ts'
import { must } from '../../../supabase.ts'
import { NO_SESSION, parleyDatabase, RUN_STEP_KEY, runFields } from '../../action-job.ts'

export default defineJob({
  topic: 'automations.add_tags',
  title: 'Tag a conversation (automation)',
  payload: z.object({ ...runFields, tags: z.array(z.string().min(1).max(40)).min(1).max(20) }),
  destination: parleyDatabase,
  retry: { attempts: 5, backoff: { first: 2, max: 60 } },
  key: RUN_STEP_KEY,
  async run(p, { db }) {
    if (!p.session_id) return dead(NO_SESSION)
    const tags = must(
      await db.rpc('add_session_tags', {
        p_store_id: p.store_id,
        p_session_id: p.session_id,
        p_tags: p.tags,
      }),
      'tagging the conversation',
    ) as string[] | null
    if (tags === null) return done({ skipped: 'the conversation is gone' })
    return done({ tags })
  },
})
