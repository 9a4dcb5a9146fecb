// A payment request's outcome as a private note in the conversation's Chatwoot conversation, for the
// agents (source_id `parley-payment-<request>-<status>`). Conversations that never reached Chatwoot have
// nobody there to tell.
import { z } from 'zod'
import { chatwoot } from '../../chatwoot-jobs/destination.ts'
import { postPrivateNote } from '../../chatwoot-jobs/private-note.ts'
import { defineJob } from '../../jobs/define.ts'

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
  run: (p, ctx) =>
    postPrivateNote(ctx, {
      storeId: p.store_id,
      sessionId: p.session_id,
      sourceId: `parley-payment-${p.payment_request_id}-${p.status}`,
      content: p.note,
      notInChatwoot: 'skip',
    }),
})
