// A deleted contact (GDPR erasure) is deleted in Chatwoot too, with its conversations there.
import { z } from 'zod'
import { defineJob, done } from '../jobs/define.ts'
import { eraseContact } from './contacts.ts'
import { chatwoot } from './destination.ts'
import { readyAccount } from './ready-account.ts'

export default defineJob({
  topic: 'chatwoot.erase_contact',
  title: 'Erase a deleted contact from Chatwoot',
  payload: z.object({
    store_id: z.uuid(),
    contact_id: z.uuid(),
    chatwoot_contact_id: z.number().int().positive(),
  }),
  destination: chatwoot,
  key: 'contact:{contact_id}',
  lane: 'chatwoot-contact:{contact_id}',
  after: 'chatwoot-account:{store_id}',
  async run(payload, ctx) {
    const account = await readyAccount(ctx, payload.store_id)
    await eraseContact(account.client, payload.chatwoot_contact_id)
    return done({ erased: payload.chatwoot_contact_id })
  },
})
