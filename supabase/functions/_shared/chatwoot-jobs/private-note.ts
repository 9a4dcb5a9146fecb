// A private note in a session's Chatwoot conversation, as the note jobs post it: once per source id (a
// rerun finds the note it posted before), waiting while the conversation is on its way to Chatwoot.
import type { JobContext, JobResult } from '../jobs/define.ts'
import { dead, done, waitFor } from '../jobs/define.ts'
import { must } from '../supabase.ts'
import { postedSourceIds } from './lines.ts'
import { readyAccount } from './ready-account.ts'

export async function postPrivateNote(
  ctx: JobContext,
  note: {
    storeId: string
    sessionId: string
    sourceId: string
    content: string
    /** What a conversation that never reached Chatwoot means: a failure, or nothing to do. */
    notInChatwoot: 'dead' | 'skip'
  },
): Promise<JobResult> {
  const session = must(
    await ctx.db
      .from('chat_sessions')
      .select('chatwoot_conversation_id, handoff_state')
      .eq('id', note.sessionId)
      .eq('store_id', note.storeId)
      .maybeSingle(),
    'reading the conversation',
  ) as { chatwoot_conversation_id: number | null; handoff_state: string | null } | null
  if (!session) return done({ skipped: 'the conversation is gone' })
  if (!session.chatwoot_conversation_id) {
    if (session.handoff_state === 'pending' || session.handoff_state === 'failing')
      return waitFor('Waiting for the conversation to reach Chatwoot', 10)
    return note.notInChatwoot === 'dead'
      ? dead('The conversation is not in Chatwoot: hand it off before posting a note')
      : done({ skipped: 'the conversation is not in Chatwoot' })
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
