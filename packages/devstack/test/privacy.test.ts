import { randomUUID } from 'node:crypto'
import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { FakeHubSpot } from '../../app-fakes/src/index.ts'
import { testDatabaseUrl } from '../src/testing.ts'
import {
  demoStore,
  encryptSecret,
  type HandoffStack,
  startHandoffStack,
} from './fixtures/chatwoot-handoff.ts'

// Privacy through the real functions, dispatcher, Storage and database, against the fake Chatwoot and the
// fake HubSpot: a store's retention deletes old messages and their files (through Storage) and audits the
// run; an owner exports a contact (an agent may not) and erases one everywhere: Parley's rows, the files in
// Storage, the Chatwoot contact and the HubSpot contact, each step audited.

const engines = [
  { name: 'PGlite', databaseUrl: undefined },
  ...(testDatabaseUrl ? [{ name: 'PostgreSQL', databaseUrl: testDatabaseUrl }] : []),
]
const owner = { email: 'demo@parley.dev', password: 'parley-demo-2026' }
const agent = { email: 'agent@parley.dev', password: 'parley-demo-2026' }
const lena = { id: 'de000000-0000-4000-8000-000000000043', email: 'lena.ho@example.com' }
const slow = { timeout: 60_000, interval: 200 }
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

describe.each(engines)('Privacy on $name', ({ databaseUrl }) => {
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
  }, 120_000)
  afterAll(async () => {
    await h?.stop()
    await hubspot.stop()
  })

  const sql = async (text: string, values: unknown[] = []) => (await h.stack.db.pool.query(text, values)).rows
  const signedIn = async (who: { email: string; password: string }): Promise<SupabaseClient> => {
    const c = h.client()
    const { error } = await c.auth.signInWithPassword(who)
    if (error) throw error
    return c
  }
  const putFile = async (path: string) => {
    const { error } = await h.service.storage
      .from('attachments')
      .upload(path, new Uint8Array(PNG), { contentType: 'image/png' })
    expect(error).toBeNull()
  }
  const fileExists = async (path: string) => {
    const { data } = await h.service.storage.from('attachments').download(path)
    return data !== null
  }
  const audit = (action: string) =>
    sql(
      `select actor_id, target, details from public.audit_log where store_id = $1 and action = $2 order by id`,
      [demoStore, action],
    )
  /** The seeded jobs (provisioning, contact syncs) are finished, so Lena is in Chatwoot. */
  const settled = () =>
    vi.waitFor(async () => {
      const busy = await h.jobs((j) => j.status === 'pending' && new Date(j.next_attempt_at) <= new Date())
      expect(busy.map((j) => `${j.topic}: ${j.last_error ?? 'waiting'}`)).toEqual([])
    }, slow)

  it('retention deletes messages and files older than N days through Storage, and audits the run', async () => {
    const [session] = await sql(
      `select id from public.chat_sessions where store_id = $1 and contact_id is distinct from $2 limit 1`,
      [demoStore, lena.id],
    )
    const oldPath = `${demoStore}/${session.id}/${randomUUID()}.png`
    const newPath = `${demoStore}/${session.id}/${randomUUID()}.png`
    await putFile(oldPath)
    await putFile(newPath)
    const entry = (path: string) =>
      JSON.stringify([{ id: randomUUID(), path, name: 'photo.png', type: 'image/png', size: PNG.length }])
    const [old] = await sql(
      `insert into public.messages (store_id, session_id, sender, content, attachments, created_at)
       values ($1, $2, 'customer', 'an old photo', $3, now() - interval '40 days') returning id`,
      [demoStore, session.id, entry(oldPath)],
    )
    const [recent] = await sql(
      `insert into public.messages (store_id, session_id, sender, content, attachments)
       values ($1, $2, 'customer', 'a new photo', $3) returning id`,
      [demoStore, session.id, entry(newPath)],
    )

    await sql(`update public.stores set retention_days = 30 where id = $1`, [demoStore])

    await vi.waitFor(async () => {
      expect(await audit('retention.applied')).toHaveLength(1)
    }, slow)
    const [run] = await audit('retention.applied')
    expect(run.details).toMatchObject({ retention_days: 30, files: 1 })
    expect(run.details.messages).toBeGreaterThanOrEqual(1)
    expect(await sql(`select id from public.messages where id = any($1)`, [[old.id, recent.id]])).toEqual([
      { id: recent.id },
    ])
    expect(await fileExists(oldPath)).toBe(false)
    expect(await fileExists(newPath)).toBe(true)
    // tomorrow's run is waiting
    const next = await h.jobs((j) => j.topic === 'privacy.apply_retention' && j.status === 'pending')
    expect(next).toHaveLength(1)
    expect(new Date(next[0]?.next_attempt_at ?? 0).getTime()).toBeGreaterThan(Date.now())
    await sql(`update public.stores set retention_days = null where id = $1`, [demoStore])
  }, 90_000)

  it("an owner exports a contact's data; an agent may not; the export is audited", async () => {
    const agentClient = await signedIn(agent)
    const refused = await agentClient.rpc('export_contact', { p_contact_id: lena.id })
    expect(refused.error?.code).toBe('P0002')

    const ownerClient = await signedIn(owner)
    const { data, error } = await ownerClient.rpc('export_contact', { p_contact_id: lena.id })
    expect(error).toBeNull()
    const exported = data as {
      contact: { email: string }
      conversations: { messages: { content: string; sender: string }[] }[]
    }
    expect(exported.contact.email).toBe(lena.email)
    expect(exported.conversations.length).toBeGreaterThan(0)
    expect(exported.conversations.flatMap((c) => c.messages).length).toBeGreaterThan(0)
    const [entry] = await audit('contact.exported')
    expect(entry.target).toBe(`contact:${lena.id}`)
  })

  it('an owner erases a contact everywhere: rows, files, Chatwoot and HubSpot', async () => {
    await settled()
    const [contact] = await sql(`select chatwoot_contact_id from public.contacts where id = $1`, [lena.id])
    expect(contact.chatwoot_contact_id).not.toBeNull()
    const inChatwoot = () => [...h.fake.state.contacts.values()].filter((c) => c.email === lena.email)
    expect(inChatwoot()).toHaveLength(1)

    // HubSpot is connected and knows Lena
    await sql(
      `insert into public.integrations (store_id, provider, status, config, credentials_encrypted, expires_at)
       values ($1, 'hubspot', 'connected', '{}', $2, now() + interval '1 hour')
       on conflict (store_id, provider) do update set status = 'connected',
         credentials_encrypted = excluded.credentials_encrypted, expires_at = excluded.expires_at`,
      [demoStore, encryptSecret(h.key, hubspot.issueToken())],
    )
    hubspot.records.push({
      id: '9001',
      type: 'contacts',
      properties: { email: lena.email },
      associations: [],
    })

    const sessions = await sql(`select id from public.chat_sessions where contact_id = $1`, [lena.id])
    expect(sessions.length).toBeGreaterThan(0)
    const path = `${demoStore}/${sessions[0].id}/${randomUUID()}.png`
    await putFile(path)

    const agentClient = await signedIn(agent)
    expect((await agentClient.rpc('erase_contact', { p_contact_id: lena.id })).error?.code).toBe('P0002')

    const ownerClient = await signedIn(owner)
    const { data, error } = await ownerClient.rpc('erase_contact', { p_contact_id: lena.id })
    expect(error).toBeNull()
    expect(data).toMatchObject({ conversations: sessions.length, chatwoot: true, crms: ['hubspot'] })

    expect(await sql(`select id from public.contacts where id = $1`, [lena.id])).toEqual([])
    expect(
      await sql(`select id from public.chat_sessions where id = any($1)`, [sessions.map((s) => s.id)]),
    ).toEqual([])
    expect(
      await sql(`select id from public.messages where session_id = any($1)`, [sessions.map((s) => s.id)]),
    ).toEqual([])

    await vi.waitFor(async () => {
      const jobs = await h.jobs((j) =>
        ['privacy.remove_files', 'hubspot.erase_contact', 'chatwoot.erase_contact'].includes(j.topic),
      )
      expect(jobs.map((j) => [j.topic, j.status, j.last_error])).toEqual(
        expect.arrayContaining([
          ['privacy.remove_files', 'done', null],
          ['hubspot.erase_contact', 'done', null],
          ['chatwoot.erase_contact', 'done', null],
        ]),
      )
    }, slow)
    expect(await fileExists(path)).toBe(false)
    expect(inChatwoot()).toEqual([])
    expect(hubspot.of('contacts').filter((c) => c.properties.email === lena.email)).toEqual([])
    expect(hubspot.requests.filter((r) => r.path.endsWith('/gdpr-delete')).map((r) => r.contract)).toEqual([
      { endpoint: 'contacts.gdprDelete', errors: [] },
    ])
    const [entry] = await audit('contact.erased')
    expect(entry).toMatchObject({ target: `contact:${lena.id}` })
    expect(JSON.stringify(entry.details)).not.toContain(lena.email)
  }, 120_000)
})
