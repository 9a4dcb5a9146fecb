// Sends an automation's lead to HubSpot: the contact upserted by e-mail (idempotent), then a deal and a
// note associated with it. HubSpot has no idempotency keys and its search lags writes, so the ids of the
// deal and the note are remembered (app_threads, keyed by run and step) as soon as they exist, and a retry
// continues from there instead of creating them again.
import { z } from 'zod'
import { RUN_STEP_KEY, runFields } from '../../../../automations/action-job.ts'
import { env } from '../../../../env.ts'
import { dead, defineJob, done } from '../../../../jobs/define.ts'
import { type Db, must } from '../../../../supabase.ts'
import { appBaseUrl } from '../../../base-url.ts'
import { withCredential } from '../../../connection.ts'
import { appDestination } from '../../../destination.ts'
import hubspot from '../../app.ts'
import { HubSpotClient, hubspotProperties } from '../../client.ts'

async function remembered(db: Db, storeId: string, sessionId: string, place: string) {
  return must(
    await db
      .from('app_threads')
      .select('thread')
      .eq('store_id', storeId)
      .eq('app', 'hubspot')
      .eq('session_id', sessionId)
      .eq('place', place)
      .maybeSingle(),
    'reading what HubSpot already has',
  )?.thread
}

async function remember(db: Db, storeId: string, sessionId: string, place: string, id: string) {
  must(
    await db
      .from('app_threads')
      .upsert({ store_id: storeId, app: 'hubspot', session_id: sessionId, place, thread: id }),
    'remembering what HubSpot has',
  )
}

export default defineJob({
  topic: 'hubspot.sync_lead',
  title: 'Send a lead to HubSpot (automation)',
  payload: z.object({
    ...runFields,
    email: z.string().nullable(),
    properties: z.record(z.string(), z.string()),
    deal: z.string().nullable(),
    note: z.string().nullable(),
  }),
  destination: appDestination(hubspot),
  retry: { attempts: 8, backoff: { first: 10, max: 1800 } },
  key: RUN_STEP_KEY,
  async run(p, ctx) {
    if (!p.email || !/^[^@\s]+@[^@\s]+$/.test(p.email))
      return dead('The visitor has no e-mail address, which HubSpot needs to find the contact')
    return await withCredential(ctx.db, p.store_id, hubspot, async (token, config) => {
      const settings = hubspot.settings.parse(config ?? {})
      const client = new HubSpotClient({ token, baseUrl: appBaseUrl(hubspot), breaker: ctx.breaker })
      const contact = await client.upsertContact(p.email as string, hubspotProperties(p.properties))
      const step = `run:${p.run_id}:${p.step}`
      const session = p.session_id
      let dealId = session ? await remembered(ctx.db, p.store_id, session, `${step}:deal`) : undefined
      if (p.deal && !dealId) {
        dealId = await client.createDeal(
          contact.id,
          hubspotProperties({ dealname: p.deal, pipeline: settings.pipeline, dealstage: settings.dealstage }),
        )
        if (session) await remember(ctx.db, p.store_id, session, `${step}:deal`, dealId)
      }
      let noteId = session ? await remembered(ctx.db, p.store_id, session, `${step}:note`) : undefined
      if (p.note && !noteId) {
        const dashboard = env('PARLEY_DASHBOARD_URL')
        const link =
          dashboard && session ? `\n${dashboard}/stores/${p.store_id}/conversations?session=${session}` : ''
        noteId = await client.createNote(`${p.note}${link}`, contact.id, dealId)
        if (session) await remember(ctx.db, p.store_id, session, `${step}:note`, noteId)
      }
      return done({ contact_id: contact.id, deal_id: dealId ?? null, note_id: noteId ?? null })
    })
  },
})
