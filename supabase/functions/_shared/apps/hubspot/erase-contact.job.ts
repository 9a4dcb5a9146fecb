// An owner erased a contact in Parley: HubSpot deletes the contact with that e-mail permanently (its GDPR
// delete, which is idempotent, so a retry after a lost answer is harmless).
import { z } from 'zod'
import { defineJob, done } from '../../jobs/define.ts'
import { appBaseUrl } from '../base-url.ts'
import { withCredential } from '../connection.ts'
import { appDestination } from '../destination.ts'
import hubspot from './app.ts'
import { HubSpotClient } from './client.ts'

export default defineJob({
  topic: 'hubspot.erase_contact',
  title: 'Erase a contact from HubSpot',
  payload: z.object({ store_id: z.uuid(), contact_id: z.uuid(), email: z.string() }),
  destination: appDestination(hubspot),
  retry: { attempts: 8, backoff: { first: 10, max: 1800 } },
  key: 'hubspot-erase:{contact_id}',
  // A score sync already under way must not upsert the contact back after it is erased.
  after: 'hubspot-contact:{contact_id}',
  async run(p, ctx) {
    return await withCredential(ctx.db, p.store_id, hubspot, async (token) => {
      const client = new HubSpotClient({ token, baseUrl: appBaseUrl(hubspot), breaker: ctx.breaker })
      await client.gdprDeleteContact(p.email)
      return done({ erased: true })
    })
  },
})
