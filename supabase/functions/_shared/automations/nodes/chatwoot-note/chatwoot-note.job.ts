// A private note in the session's Chatwoot conversation. It comes after the session's handoff job (same
// contact lane), so a workflow that hands off and then notes finds the conversation.
import { z } from 'zod'
import { chatwoot } from '../../../chatwoot-jobs/destination.ts'
import { postedSourceIds } from '../../../chatwoot-jobs/lines.ts'
import { readyAccount } from '../../../chatwoot-jobs/ready-account.ts'
import { dead, defineJob, done, waitFor } from '../../../jobs/define.ts'
import { must } from '../../../supabase.ts'
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
    const session = must(
      await ctx.db
        .from('chat_sessions')
        .select('chatwoot_conversation_id, handoff_state')
        .eq('id', p.session_id)
        .eq('store_id', p.store_id)
        .maybeSingle(),
      'reading the conversation',
    ) as { chatwoot_conversation_id: number | null; handoff_state: string | null } | null
    if (!session) return done({ skipped: 'the conversation is gone' })
    if (!session.chatwoot_conversation_id) {
      if (session.handoff_state === 'pending' || session.handoff_state === 'failing')
        return waitFor('Waiting for the conversation to reach Chatwoot', 10)
      return dead('The conversation is not in Chatwoot: hand it off before posting a note')
    }
    const account = await readyAccount(ctx, p.store_id)
    const sourceId = `parley-automation-${p.run_id}-${p.step}`
    if (ctx.job.rerun) {
      const earlier = (await postedSourceIds(account.client, session.chatwoot_conversation_id)).get(sourceId)
      if (earlier) return done({ chatwoot_message_id: earlier })
    }
    const posted = await account.client.messages.create(session.chatwoot_conversation_id, {
      content: p.note,
      message_type: 'outgoing',
      private: true,
      source_id: sourceId,
    })
    return done({ chatwoot_message_id: posted.id })
  },
})
