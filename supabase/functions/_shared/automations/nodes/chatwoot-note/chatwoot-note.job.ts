// A private note in the session's Chatwoot conversation. It comes after the session's handoff job (same
// contact lane), so a workflow that hands off and then notes finds the conversation.
import { z } from 'zod'
import { chatwoot } from '../../../chatwoot-jobs/destination.ts'
import { postPrivateNote } from '../../../chatwoot-jobs/private-note.ts'
import { dead, defineJob } from '../../../jobs/define.ts'
import { NO_SESSION, RUN_STEP_KEY, runFields } from '../../action-job.ts'

export default defineJob({
  topic: 'automations.chatwoot_note',
  title: 'Post a private note in Chatwoot (automation)',
  payload: z.object({ ...runFields, note: z.string().min(1).max(4000) }),
  destination: chatwoot,
  key: RUN_STEP_KEY,
  lane: 'chatwoot-contact:{contact_id}',
  after: 'chatwoot-account:{store_id}',
  async run(p, ctx) {
    if (!p.session_id) return dead(NO_SESSION)
    return await postPrivateNote(ctx, {
      storeId: p.store_id,
      sessionId: p.session_id,
      sourceId: `parley-automation-${p.run_id}-${p.step}`,
      content: p.note,
    })
  },
})
