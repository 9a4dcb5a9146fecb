// Queues the conversation for a person (the session's status trigger enqueues chatwoot.handoff), with the
// team and priority agents see; optionally tells the visitor first.
import { z } from 'zod'
import { dead, defineJob, done } from '../../../jobs/define.ts'
import { must } from '../../../supabase.ts'
import { NO_SESSION, parleyDatabase, RUN_STEP_KEY, runFields } from '../../action-job.ts'
import { PRIORITIES } from './node.ts'

export default defineJob({
  topic: 'automations.handoff',
  title: 'Hand a conversation to a person (automation)',
  payload: z.object({
    ...runFields,
    team: z.string().max(80).nullable(),
    priority: z.enum(PRIORITIES),
    message: z.string().max(4000).nullable(),
  }),
  destination: parleyDatabase,
  retry: { attempts: 5, backoff: { first: 2, max: 60 } },
  key: RUN_STEP_KEY,
  async run(p, { db }) {
    if (!p.session_id) return dead(NO_SESSION)
    const handedOff = must(
      await db.rpc('automation_handoff', {
        p_store_id: p.store_id,
        p_session_id: p.session_id,
        // generated Args are never nullable; the SQL reads null as "no team" / "no message"
        p_team: p.team as string,
        p_priority: p.priority,
        p_message: p.message as string,
        p_mark: { workflow_id: p.workflow_id, run_id: p.run_id, step: p.step, node_id: p.node_id },
      }),
      'handing the conversation off',
    ) as boolean
    return done({ handed_off: handedOff })
  },
})
