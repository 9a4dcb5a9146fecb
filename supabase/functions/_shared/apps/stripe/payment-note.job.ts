// A payment request's outcome as a private note in the conversation's Chatwoot conversation, for the
// agents (source_id `parley-payment-<request>-<status>`, looked for before posting again on a rerun).
// Conversations that never reached Chatwoot have nobody there to tell.
import { z } from 'zod'
import { chatwoot } from '../../chatwoot-jobs/destination.ts'
import { postedSourceIds } from '../../chatwoot-jobs/lines.ts'
import { readyAccount } from '../../chatwoot-jobs/ready-account.ts'
import { defineJob, done, waitFor } from '../../jobs/define.ts'
import { must } from '../../supabase.ts'

export default defineJob({
  topic: 'stripe.payment_note',
  title: 'Tell the agents in Chatwoot how a payment went',
  payload: z.object({
    store_id: z.uuid(),
    session_id: z.uuid(),
    contact_id: z.uuid().nullish(),
    payment_request_id: z.uuid(),
    status: z.enum(['paid', 'failed', 'expired']),
    note: z.string().min(1).max(1000),
  }),
  destination: chatwoot,
  key: 'payment-note:{payment_request_id}:{status}',
  lane: 'chatwoot-contact:{contact_id}',
  after: 'chatwoot-account:{store_id}',
  async run(p, ctx) {
    const session = must(
      await ctx.db
        .from('chat_sessions')
        .select('chatwoot_conversation_id, handoff_state')
        .eq('id', p.session_id)
        .eq('store_id', p.store_id)
        .maybeSingle(),
      'reading the conversation',
    )
    if (!session) return done({ skipped: 'the conversation is gone' })
    if (!session.chatwoot_conversation_id) {
      if (session.handoff_state === 'pending' || session.handoff_state === 'failing')
        return waitFor('Waiting for the conversation to reach Chatwoot', 10)
      return done({ skipped: 'the conversation is not in Chatwoot' })
    }
    const account = await readyAccount(ctx, p.store_id)
    const sourceId = `parley-payment-${p.payment_request_id}-${p.status}`
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
