// A visitor's line in a handed-off session goes to its Chatwoot conversation: exactly this line, once
// (source_id 'parley-message-<id>'; a rerun looks for it first). Its lane keeps it behind the handoff and
// the visitor's earlier lines, so lines arrive in order after an outage of any length.
import { z } from 'zod'
import { must } from '../db.ts'
import { dead, defineJob, done, waitFor } from '../jobs/define.ts'
import { chatwoot } from './destination.ts'
import { lineColumns, loadSession, postedSourceIds, postLine } from './lines.ts'
import { readyAccount } from './ready-account.ts'

export default defineJob({
  topic: 'chatwoot.forward_message',
  title: "Forward a visitor's message to Chatwoot",
  payload: z.object({
    store_id: z.uuid(),
    session_id: z.uuid(),
    contact_id: z.uuid().nullish(),
    message_id: z.number().int().positive(),
  }),
  destination: chatwoot,
  key: 'message:{message_id}',
  lane: 'chatwoot-contact:{contact_id}',
  after: 'chatwoot-account:{store_id}',
  async run(payload, ctx) {
    const { db } = ctx
    const session = await loadSession(db, payload.store_id, payload.session_id)
    if (!session) return done({ skipped: 'the conversation is gone' })
    const line = must(
      await db
        .from('messages')
        .select(lineColumns)
        .eq('id', payload.message_id)
        .eq('store_id', payload.store_id)
        .eq('session_id', session.id)
        .maybeSingle(),
      'reading the message',
    )
    if (!line) return done({ skipped: 'the message is gone' })
    // The handoff posted it with the transcript.
    if (line.chatwoot_message_id) return done({ chatwoot_message_id: line.chatwoot_message_id })
    if (!session.chatwoot_conversation_id || session.handoff_state !== 'delivered') {
      if (session.handoff_state === 'dead') return dead('The handoff to Chatwoot failed; retry it first')
      if (session.handoff_state === 'pending' || session.handoff_state === 'failing')
        return waitFor('The conversation is not in Chatwoot yet', 5)
      return dead('The conversation was never handed to Chatwoot')
    }
    const account = await readyAccount(ctx, payload.store_id)
    const conversationId = session.chatwoot_conversation_id
    const posted = ctx.job.rerun ? await postedSourceIds(account.client, conversationId) : undefined
    return done({
      chatwoot_message_id: await postLine(db, account.client, payload.store_id, conversationId, line, posted),
    })
  },
})
