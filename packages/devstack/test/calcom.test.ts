import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FakeCalcom } from '../../app-fakes/src/index.ts'
import { testDatabaseUrl } from '../src/testing.ts'
import { demoStore, type HandoffStack, startHandoffStack } from './fixtures/chatwoot-handoff.ts'

// Meeting booking through the real functions, dispatcher and database, against the fake Cal.com: an owner
// connects with an API key (an agent may not), which registers the signed booking webhook; "Offer a
// booking" writes a card whose link carries the visitor and the conversation; booking on the fake's page
// records the booking, a line in the conversation and the automation event. Forged, stale and replayed
// deliveries are refused or ignored with no second effect.

const engines = [
  { name: 'PGlite', databaseUrl: undefined },
  ...(testDatabaseUrl ? [{ name: 'PostgreSQL', databaseUrl: testDatabaseUrl }] : []),
]
const owner = { email: 'demo@parley.dev', password: 'parley-demo-2026' }
const agent = { email: 'agent@parley.dev', password: 'parley-demo-2026' }

describe.each(engines)('Cal.com bookings on $name', ({ databaseUrl }) => {
  let h: HandoffStack
  const calcom = new FakeCalcom()
  let session: { id: string; contact_id: string | null }

  beforeAll(async () => {
    await calcom.start()
    h = await startHandoffStack({ databaseUrl, delayScale: 0.01, env: [`CALCOM_BASE_URL=${calcom.url}`] })
    session = (
      await h.stack.db.pool.query(
        `select id, contact_id from public.chat_sessions where store_id = '${demoStore}' order by started_at limit 1`,
      )
    ).rows[0]
  }, 120_000)
  afterAll(async () => {
    await h?.stop()
    await calcom.stop()
  })

  const sql = async (text: string) => (await h.stack.db.pool.query(text)).rows
  const lines = async () =>
    (
      await sql(`select content from public.messages where session_id = '${session.id}'
        and metadata->>'kind' = 'booking' order by id`)
    ).map((r) => r.content as string)
  async function signedIn(who: { email: string; password: string }) {
    const c = h.client()
    const { error } = await c.auth.signInWithPassword(who)
    if (error) throw error
    return c
  }
  async function finished(topic: string) {
    for (let i = 0; i < 40; i++) {
      await h.runOutbox()
      const [job] = await h.jobs((j) => j.topic === topic && (j.status === 'done' || j.status === 'dead'))
      if (job) return job
    }
    throw new Error(`no ${topic} job finished`)
  }

  it('an owner connects with the API key (stored encrypted), which registers the signed webhook', async () => {
    const refused = await (await signedIn(agent)).functions.invoke('apps/connect', {
      body: { store_id: demoStore, app: 'calcom', api_key: calcom.apiKey },
    })
    expect(refused.error?.context.status).toBe(403)
    const { data, error } = await (await signedIn(owner)).functions.invoke('apps/connect', {
      body: { store_id: demoStore, app: 'calcom', api_key: calcom.apiKey },
    })
    if (error) throw error
    expect(data).toEqual({ connected: true })
    const [row] = await sql(`select status, credentials_encrypted from public.integrations
      where store_id = '${demoStore}' and provider = 'calcom'`)
    expect(row.status).toBe('connected')
    expect(row.credentials_encrypted).toMatch(/^v1\./)
    expect(row.credentials_encrypted).not.toContain(calcom.apiKey)

    expect((await finished('calcom.register_webhook')).status).toBe('done')
    expect(calcom.webhooks).toHaveLength(1)
    expect(calcom.webhooks[0]?.subscriberUrl).toMatch(
      new RegExp(`/functions/v1/calcom-webhook/${demoStore}$`),
    )
    expect(calcom.requests.every((r) => r.errors.length === 0)).toBe(true)

    // the owner picks the event type from the store's list
    const types = await (await signedIn(owner)).functions.invoke('apps/event-types', {
      body: { store_id: demoStore, app: 'calcom' },
    })
    expect(types.data).toContainEqual({
      id: 1001,
      title: 'Intro call',
      length: 30,
      booking_url: `${calcom.url}/parley-demo/intro-call`,
    })
    await sql(`update public.integrations set config = config || '{"event_type_id": 1001,
      "event_type_title": "Intro call", "booking_url": "${calcom.url}/parley-demo/intro-call"}'
      where store_id = '${demoStore}' and provider = 'calcom'`)
  }, 60_000)

  let bookingUrl = ''
  it('offers a booking as a card whose link is prefilled and tied to the conversation', async () => {
    const { error } = await h.service.rpc('enqueue_outbox', {
      p_store_id: demoStore,
      p_topic: 'calcom.offer_booking',
      p_payload: {
        store_id: demoStore,
        workflow_id: randomUUID(),
        run_id: randomUUID(),
        step: 1,
        node_id: 'offer',
        session_id: session.id,
        contact_id: session.contact_id,
        text: 'Pick a time that suits you',
        name: 'Ana Visitor',
        email: 'ana@example.com',
      },
    })
    if (error) throw error
    expect((await finished('calcom.offer_booking')).status).toBe('done')
    const [card] = await sql(`select content, metadata from public.messages where session_id = '${session.id}'
      and metadata->>'kind' = 'booking_offer'`)
    expect(card.content).toBe('Pick a time that suits you')
    bookingUrl = card.metadata.booking_url
    const link = new URL(bookingUrl)
    expect(link.origin + link.pathname).toBe(`${calcom.url}/parley-demo/intro-call`)
    expect(link.searchParams.get('name')).toBe('Ana Visitor')
    expect(link.searchParams.get('email')).toBe('ana@example.com')
    expect(link.searchParams.get('metadata[parley_session]')).toBe(session.id)
  }, 60_000)

  it('a booking on the page becomes the booking, a line in the conversation and the trigger event', async () => {
    const form = await (await fetch(bookingUrl)).text()
    const start = /name="start" value="([^"]+)"/.exec(form)?.[1] as string
    const params = new URLSearchParams({ name: 'Ana Visitor', email: 'ana@example.com', start })
    params.set('metadata[parley_session]', session.id)
    expect((await fetch(bookingUrl, { method: 'POST', body: params })).status).toBe(200)
    expect(calcom.deliveries.map((d) => d.status)).toEqual([200])
    const [booking] = await sql(
      `select uid, status, session_id from public.bookings where store_id = '${demoStore}'`,
    )
    expect(booking).toMatchObject({ status: 'accepted', session_id: session.id })
    expect(await lines()).toEqual([expect.stringMatching(/^Meeting booked: Intro call between .* \(UTC\)$/)])
    const events = await sql(`select type from public.automation_events where type like 'booking.%'`)
    expect(events.map((e) => e.type)).toEqual(['booking.created'])
    // the Chatwoot note: this conversation never reached Chatwoot, so there is nothing to note
    expect((await finished('calcom.booking_note')).status).toBe('done')
  }, 60_000)

  it('refuses forged and stale deliveries and ignores a replay, with no second effect', async () => {
    const delivery = calcom.deliveries[0] as { url: string; body: string; signature: string }
    const post = (body: string, signature: string) =>
      fetch(delivery.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Cal-Signature-256': signature },
        body,
      })
    const replay = await post(delivery.body, delivery.signature)
    expect(replay.status).toBe(200)
    expect(await replay.json()).toEqual({ received: true, outcome: 'duplicate' })

    const forged = await post(delivery.body.replace('Ana Visitor', 'Mallory'), delivery.signature)
    expect(forged.status).toBe(401)

    // the fake signs its next delivery (another booking) with the wrong secret: refused
    calcom.failures.add({ method: 'webhook.deliver', mode: 'error' })
    const form = await (await fetch(bookingUrl)).text()
    const start = /name="start" value="([^"]+)"/.exec(form)?.[1] as string
    await fetch(bookingUrl, {
      method: 'POST',
      body: new URLSearchParams({ name: 'Mallory', email: 'm@example.com', start }),
    })
    expect(calcom.deliveries.at(-1)?.status).toBe(401)

    // correctly signed, but sent two days ago
    const old = JSON.parse(delivery.body)
    old.createdAt = new Date(Date.now() - 2 * 86_400_000).toISOString()
    old.payload.uid = 'bk_old'
    const stale = JSON.stringify(old)
    const secret = calcom.webhooks[0]?.secret as string
    expect((await post(stale, FakeCalcom.sign(secret, stale))).status).toBe(400)

    expect(await lines()).toHaveLength(1)
    expect((await sql(`select count(*)::int as n from public.calcom_events`))[0].n).toBe(1)
    expect((await sql(`select status from public.bookings`)).map((b) => b.status)).toEqual(['accepted'])
  }, 60_000)

  it('a reschedule and a cancellation on the fake follow the booking, each with a line', async () => {
    const [booking] = calcom.bookings
    const page = await (await fetch(`${calcom.url}/booking/${booking?.uid}/reschedule`)).text()
    const start = [...page.matchAll(/name="start" value="([^"]+)"/g)].at(-1)?.[1] as string
    const moved = await fetch(`${calcom.url}/booking/${booking?.uid}/reschedule`, {
      method: 'POST',
      body: new URLSearchParams({ start }),
    })
    expect(moved.status).toBe(200)
    const newUid = calcom.bookings.at(-1)?.uid
    await fetch(`${calcom.url}/booking/${newUid}/cancel`, {
      method: 'POST',
      body: new URLSearchParams({ reason: 'Something came up' }),
    })
    expect(
      (await sql(`select uid, status from public.bookings order by created_at`)).map((b) => b.status),
    ).toEqual(['rescheduled', 'cancelled'])
    expect(await lines()).toEqual([
      expect.stringMatching(/^Meeting booked/),
      expect.stringMatching(/^Meeting moved: .* is now /),
      expect.stringMatching(/^Meeting cancelled: .*\(Something came up\)$/),
    ])
    const events = await sql(
      `select type from public.automation_events where type like 'booking.%' order by id`,
    )
    expect(events.map((e) => e.type)).toEqual(['booking.created', 'booking.rescheduled', 'booking.cancelled'])
  }, 60_000)

  it('a booking in a conversation that reached Chatwoot is noted there privately, once', async () => {
    const account = await h.provision(demoStore)
    const [other] = await sql(`select id from public.chat_sessions where store_id = '${demoStore}'
      and id <> '${session.id}' and status = 'bot' and chatwoot_conversation_id is null
      and contact_id is not null
      order by started_at limit 1`)
    await sql(`update public.chat_sessions set status = 'queued' where id = '${other.id}'`)
    let conversationId: number | null = null
    for (let i = 0; i < 20 && !conversationId; i++) {
      await h.runOutbox()
      conversationId = (
        await sql(`select chatwoot_conversation_id as c from public.chat_sessions
        where id = '${other.id}'`)
      )[0].c
    }
    const handoffJobs = await h.jobs((j) => j.payload.session_id === other.id)
    expect(
      conversationId,
      JSON.stringify(handoffJobs.map((j) => [j.topic, j.status, j.last_error])),
    ).not.toBeNull()

    const form = await (await fetch(bookingUrl)).text()
    const start = /name="start" value="([^"]+)"/.exec(form)?.[1] as string
    const params = new URLSearchParams({ name: 'Ana Visitor', email: 'ana@example.com', start })
    params.set('metadata[parley_session]', other.id)
    await fetch(bookingUrl, { method: 'POST', body: params })
    const [note] = await h.jobs((j) => j.topic === 'calcom.booking_note' && j.payload.session_id === other.id)
    for (let i = 0; i < 20; i++) {
      await h.runOutbox()
      const [job] = await h.jobs((j) => j.id === note?.id)
      if (job?.status === 'done' || job?.status === 'dead') break
    }
    const conversation = [...h.fake.state.conversations.values()].find(
      (c) => c.account_id === account.accountId && c.display_id === Number(conversationId),
    )
    const notes = [...h.fake.state.messages.values()].filter(
      (m) => m.conversation_id === conversation?.id && m.private && String(m.content).startsWith('📅'),
    )
    const debug = JSON.stringify({
      job: (await h.jobs((j) => j.id === note?.id)).map((j) => [j.status, j.last_error]),
      found: !!note,
      messages: [...h.fake.state.messages.values()]
        .filter((m) => m.conversation_id === conversation?.id)
        .map((m) => [m.private, String(m.content).slice(0, 40)]),
    })
    expect(
      notes.map((m) => m.content),
      debug,
    ).toEqual([expect.stringMatching(/^📅 Meeting booked: Intro call/)])
  }, 120_000)

  it('disconnecting deletes the webhook at Cal.com through a job (a 5xx retried), then forgets the key', async () => {
    const registered = calcom.webhooks.map((w) => String(w.id))
    expect(registered).toHaveLength(1)
    calcom.failures.add({ method: 'webhooks.delete', mode: 'server_error', status: 503 })
    const { data, error } = await (await signedIn(owner)).functions.invoke('apps/disconnect', {
      body: { store_id: demoStore, app: 'calcom' },
    })
    if (error) throw error
    expect(data).toEqual({ disconnected: true, revoked: true })
    const job = await finished('calcom.delete_webhook')
    expect(job).toMatchObject({ status: 'done', attempts: 2 })
    expect(calcom.webhooks).toEqual([])
    const deletes = calcom.requests.filter((r) => r.endpoint === 'webhooks.delete')
    expect(deletes.map((r) => [r.path, r.auth, r.errors])).toEqual([
      [`/v2/webhooks/${registered[0]}`, 'bearer', []],
      [`/v2/webhooks/${registered[0]}`, 'bearer', []],
    ])
    const [row] = await sql(`select status, credentials_encrypted, config from public.integrations
      where store_id = '${demoStore}' and provider = 'calcom'`)
    expect(row).toMatchObject({ status: 'disconnected', credentials_encrypted: null })
    expect(row.config).not.toHaveProperty('webhook_id')

    // disconnecting again has nothing left to remove
    await (await signedIn(owner)).functions.invoke('apps/disconnect', {
      body: { store_id: demoStore, app: 'calcom' },
    })
    expect(await h.jobs((j) => j.topic === 'calcom.delete_webhook')).toHaveLength(1)
  }, 60_000)
})
