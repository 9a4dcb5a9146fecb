import { z } from 'zod'
import { dead, defineJob, done } from '../../../jobs/define.ts'
import { must } from '../../../supabase.ts'
import { NO_SESSION, parleyDatabase, RUN_STEP_KEY, runFields } from '../../action-job.ts'

export default defineJob({
  topic: 'automations.close_conversation',
  title: 'Close a conversation (automation)',
  payload: z.object({ ...runFields, message: z.string().max(4000).nullable() }),
  destination: parleyDatabase,
  retry: { attempts: 5, backoff: { first: 2, max: 60 } },
  key: RUN_STEP_KEY,
  async run(p, { db }) {
    if (!p.session_id) return dead(NO_SESSION)
    const closed = must(
      await db.rpc('automation_close_session', {
        p_store_id: p.store_id,
        p_session_id: p.session_id,
        // generated Args are never nullable; the SQL reads null as "no closing message"
        p_message: p.message as string,
        p_mark: { workflow_id: p.workflow_id, run_id: p.run_id, step: p.step, node_id: p.node_id },
      }),
      'closing the conversation',
    ) as boolean
    return done({ closed })
  },
})
