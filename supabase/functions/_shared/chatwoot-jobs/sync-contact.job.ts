// A contact Chatwoot can find (identifier, e-mail or phone) is upserted there whenever a synced field
// changes, with the store's custom attributes and Parley's lead score, sentiment and language. It reads
// the contact's current state, so one waiting job per contact is enough (coalesce); it shares the
// contact's lane with the handoff and forwards, so two jobs never create the same contact at once.
import { z } from 'zod'
import { defineJob, done } from '../jobs/define.ts'
import { loadContact, upsertContact } from './contacts.ts'
import { chatwoot } from './destination.ts'
import { readyAccount } from './ready-account.ts'

export default defineJob({
  topic: 'chatwoot.sync_contact',
  title: 'Update a contact in Chatwoot',
  payload: z.object({ store_id: z.uuid(), contact_id: z.uuid() }),
  destination: chatwoot,
  coalesce: 'contact:{contact_id}',
  lane: 'chatwoot-contact:{contact_id}',
  after: 'chatwoot-account:{store_id}',
  async run(payload, ctx) {
    const contact = await loadContact(ctx.db, payload.store_id, payload.contact_id)
    if (!contact) return done({ skipped: 'the contact is gone' })
    const account = await readyAccount(ctx, payload.store_id)
    return done({ chatwoot_contact_id: await upsertContact(ctx.db, account.client, contact) })
  },
})
