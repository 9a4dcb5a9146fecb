import { z } from 'zod'
import { dead, defineJob, done } from '../../../jobs/define.ts'
import { must } from '../../../supabase.ts'
import { NO_SESSION, parleyDatabase, RUN_STEP_KEY, runFields } from '../../action-job.ts'

export default defineJob({
  topic: 'automations.change_lead_score',
  title: 'Change a lead score (automation)',
  payload: z.object({
    ...runFields,
    mode: z.enum(['add', 'set']),
    amount: z.number().int().min(-100).max(100),
  }),
  destination: parleyDatabase,
  retry: { attempts: 5, backoff: { first: 2, max: 60 } },
  key: RUN_STEP_KEY,
  async run(p, { db }) {
    if (!p.session_id) return dead(NO_SESSION)
    // The step's result is recorded with the job, so an add that already happened is never repeated:
    // the job runs once per step, and a rerun of the job finds the score it set in its result.
    const score = must(
      await db.rpc('change_lead_score', {
        p_store_id: p.store_id,
        p_session_id: p.session_id,
        p_mode: p.mode,
        p_amount: p.amount,
        p_mark: `${p.run_id}:${p.step}`,
      }),
      'changing the lead score',
    ) as number | null
    return score === null ? done({ skipped: 'the conversation is gone' }) : done({ lead_score: score })
  },
})
