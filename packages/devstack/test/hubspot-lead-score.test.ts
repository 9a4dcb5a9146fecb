import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { FakeHubSpot } from '../../app-fakes/src/index.ts'
import { testDatabaseUrl } from '../src/testing.ts'
import {
  demoStore,
  encryptSecret,
  type HandoffStack,
  startHandoffStack,
} from './fixtures/chatwoot-handoff.ts'

// A contact's lead score reaches a connected HubSpot by itself, through the real database trigger, outbox
// and job against the fake HubSpot: changes close together are one upsert with the latest score; a 429 is
// retried; a contact without an e-mail sends nothing.

const engines = [
  { name: 'PGlite', databaseUrl: undefined },
  ...(testDatabaseUrl ? [{ name: 'PostgreSQL', databaseUrl: testDatabaseUrl }] : []),
]
const lena = { id: 'de000000-0000-4000-8000-000000000043', email: 'lena.ho@example.com' }
const slow = { timeout: 60_000, interval: 250 }

describe.each(engines)('lead score to HubSpot on $name', ({ databaseUrl }) => {
  let h: HandoffStack
  const hubspot = new FakeHubSpot()

  beforeAll(async () => {
    await hubspot.start()
    h = await startHandoffStack({
      databaseUrl,
      scheduler: true,
      delayScale: 0.01,
      env: [
        `HUBSPOT_BASE_URL=${hubspot.url}`,
        `HUBSPOT_CLIENT_ID=${hubspot.clientId}`,
        `HUBSPOT_CLIENT_SECRET=${hubspot.clientSecret}`,
      ],
    })
    await sql(
      `insert into public.integrations (store_id, provider, status, config, credentials_encrypted, expires_at)
       values ($1, 'hubspot', 'connected', '{}', $2, now() + interval '1 hour')
       on conflict (store_id, provider) do update set status = 'connected',
         credentials_encrypted = excluded.credentials_encrypted, expires_at = excluded.expires_at`,
      [demoStore, encryptSecret(h.key, hubspot.issueToken())],
    )
  }, 120_000)
  afterAll(async () => {
    await h?.stop()
    await hubspot.stop()
  })

  const sql = async (text: string, values: unknown[] = []) => (await h.stack.db.pool.query(text, values)).rows
  const setScore = (score: number) =>
    sql(`update public.contacts set lead_score = $2 where id = $1`, [lena.id, score])
  const upserts = () =>
    hubspot.requests.filter(
      (r) => r.contract.endpoint === 'contacts.batchUpsert' && r.path.includes('upsert'),
    )
  const inHubSpot = () => hubspot.of('contacts').filter((c) => c.properties.email === lena.email)
  const syncJobs = () => h.jobs((j) => j.topic === 'hubspot.sync_score')

  it('two score changes at once end as one upsert with the latest score', async () => {
    const before = upserts().length
    await Promise.all([setScore(41), setScore(87)])
    const [{ lead_score: latest }] = await sql(`select lead_score from public.contacts where id = $1`, [
      lena.id,
    ])
    expect([41, 87]).toContain(latest)
    // one job waits for the burst to settle
    expect((await syncJobs()).filter((j) => j.status === 'pending')).toHaveLength(1)

    await vi.waitFor(async () => {
      expect(inHubSpot().map((c) => c.properties.parley_lead_score)).toEqual([String(latest)])
    }, slow)
    expect(upserts().length - before).toBe(1)
    expect(upserts().at(-1)?.contract.errors).toEqual([])
  }, 90_000)

  it('retries after HubSpot answers 429, then has the new score', async () => {
    await vi.waitFor(async () => {
      expect((await syncJobs()).filter((j) => j.status === 'pending')).toEqual([])
    }, slow)
    hubspot.failures.add({ method: 'contacts.batchUpsert', mode: 'rate_limit' })
    await setScore(63)
    await vi.waitFor(async () => {
      expect(inHubSpot().map((c) => c.properties.parley_lead_score)).toEqual(['63'])
    }, slow)
    await vi.waitFor(async () => {
      expect((await syncJobs()).at(-1)).toMatchObject({ status: 'done', attempts: 2 })
    }, slow)
  }, 90_000)

  it('sends nothing for a contact without an e-mail address', async () => {
    const [anonymous] = await sql(
      `insert into public.contacts (store_id, name) values ($1, 'No Mail') returning id`,
      [demoStore],
    )
    const jobsBefore = (await syncJobs()).length
    await sql(`update public.contacts set lead_score = 12 where id = $1`, [anonymous.id])
    expect((await syncJobs()).length).toBe(jobsBefore)
  })
})
