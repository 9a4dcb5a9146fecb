// A booking, rescheduled or cancelled meeting as a private note in the conversation's Chatwoot
// conversation, so agents see it. A conversation that never reached Chatwoot needs no note; one on its
// way there is waited for (same contact lane as the handoff).
import { z } from 'zod'
import { chatwoot } from '../../chatwoot-jobs/destination.ts'
import { postPrivateNote } from '../../chatwoot-jobs/private-note.ts'
import { defineJob } from '../../jobs/define.ts'

export default defineJob({
  topic: 'calcom.booking_note',
  title: 'Note a Cal.com booking in Chatwoot',
  payload: z.object({
    store_id: z.uuid(),
    session_id: z.uuid(),
    contact_id: z.uuid().nullable(),
    event_id: z.number().int(),
    note: z.string().min(1).max(4000),
  }),
  destination: chatwoot,
  key: 'calcom-note:{event_id}',
  lane: 'chatwoot-contact:{contact_id}',
  after: 'chatwoot-account:{store_id}',
  run: (p, ctx) =>
    postPrivateNote(ctx, {
      storeId: p.store_id,
      sessionId: p.session_id,
      sourceId: `parley-calcom-${p.event_id}`,
      content: `📅 ${p.note}`,
      notInChatwoot: 'skip',
    }),
})
