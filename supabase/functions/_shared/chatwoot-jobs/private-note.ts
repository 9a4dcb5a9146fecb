// A private note for the agents in a session's Chatwoot conversation, posted once under its source_id (a
// rerun looks for it first). Jobs that note things (an automation's note, a payment's outcome) come after
// the session's handoff in the contact lane, so a handoff still on its way is waited for.
import { dead, done, type JobContext, type JobResult, waitFor } from '../jobs/define.ts'
import { must } from '../supabase.ts'
import { postedSourceIds } from './lines.ts'
import { readyAccount } from './ready-account.ts'

export async function postPrivateNote(
  ctx: JobContext,
  note: { storeId: string; sessionId: string; sourceId: string; content: string },
  /** What a conversation that never reached Chatwoot means for this job. */
  notInChatwoot: JobResult = dead('The conversation is not in Chatwoot: hand it off before posting a note'),
): Promise<JobResult> {
  const session = must(
    await ctx.db
      .from('chat_sessions')
      .select('chatwoot_conversation_id, handoff_state')
      .eq('id', note.sessionId)
      .eq('store_id', note.storeId)
      .maybeSingle(),
    'reading the conversation',
  )
  if (!session) return done({ skipped: 'the conversation is gone' })
  if (!session.chatwoot_conversation_id) {
    if (session.handoff_state === 'pending' || session.handoff_state === 'failing')
      return waitFor('Waiting for the conversation to reach Chatwoot', 10)
    return notInChatwoot
  }
  const account = await readyAccount(ctx, note.storeId)
  if (ctx.job.rerun) {
    const earlier = (await postedSourceIds(account.client, session.chatwoot_conversation_id)).get(
      note.sourceId,
    )
    if (earlier) return done({ chatwoot_message_id: earlier })
  }
  const posted = await account.client.messages.create(session.chatwoot_conversation_id, {
    content: note.content,
    message_type: 'outgoing',
    private: true,
    source_id: note.sourceId,
  })
  return done({ chatwoot_message_id: posted.id })
}
