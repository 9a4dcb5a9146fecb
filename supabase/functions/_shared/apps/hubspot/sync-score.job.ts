// A contact's lead score changed and the store has HubSpot connected: the HubSpot contact (upserted by
// e-mail, which is idempotent) gets the score, the persona tier and the reasons. Enqueued by a trigger on
// contacts.lead_score (migration 20261204105100), delayed a little and coalesced per contact, so a burst of
// changes is one call; the job reads the score when it runs and the contact's jobs share a lane, so the
// latest score wins and an older one never overwrites a newer one.
import { z } from 'zod'
import { defineJob, done } from '../../jobs/define.ts'
import { must } from '../../supabase.ts'
import { appBaseUrl } from '../base-url.ts'
import { withCredential } from '../connection.ts'
import { appDestination } from '../destination.ts'
import hubspot from './app.ts'
import { HubSpotClient, hubspotProperties } from './client.ts'

/** The contact properties Parley writes (custom properties the store creates in HubSpot). */
export const SCORE_PROPERTIES = {
  score: 'parley_lead_score',
  persona: 'parley_persona',
  reasons: 'parley_lead_reasons',
} as const

const Reasons = z.array(z.object({ reason: z.string(), points: z.number() })).catch([])

export default defineJob({
  topic: 'hubspot.sync_score',
  title: "Send a contact's lead score to HubSpot",
  payload: z.object({ store_id: z.uuid(), contact_id: z.uuid() }),
  destination: appDestination(hubspot),
  retry: { attempts: 8, backoff: { first: 10, max: 1800 } },
  coalesce: 'hubspot-score:{contact_id}',
  lane: 'hubspot-contact:{contact_id}',
  async run(p, ctx) {
    const contact = must(
      await ctx.db
        .from('contacts')
        .select('email, lead_score')
        .eq('id', p.contact_id)
        .eq('store_id', p.store_id)
        .maybeSingle(),
      'reading the contact',
    )
    if (!contact) return done({ skipped: 'the contact is gone' })
    if (!contact.email || contact.lead_score === null) return done({ skipped: 'no e-mail or no score' })
    const lead = must(
      await ctx.db
        .from('session_leads')
        .select('tier, reasons')
        .eq('contact_id', p.contact_id)
        .eq('store_id', p.store_id)
        .order('updated_at', { ascending: false })
        .limit(1)
        .maybeSingle(),
      'reading the lead',
    )
    const reasons = Reasons.parse(lead?.reasons ?? [])
      .map((r) => `${r.reason} (${r.points >= 0 ? '+' : ''}${r.points})`)
      .join('; ')
    return await withCredential(ctx.db, p.store_id, hubspot, async (token) => {
      const client = new HubSpotClient({ token, baseUrl: appBaseUrl(hubspot), breaker: ctx.breaker })
      const synced = await client.upsertContact(
        contact.email as string,
        hubspotProperties({
          [SCORE_PROPERTIES.score]: contact.lead_score,
          [SCORE_PROPERTIES.persona]: lead?.tier ?? null,
          [SCORE_PROPERTIES.reasons]: reasons.slice(0, 1000),
        }),
      )
      return done({ hubspot_contact_id: synced.id, score: contact.lead_score })
    })
  },
})
