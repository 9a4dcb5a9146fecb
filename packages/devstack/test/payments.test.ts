import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type FakeStripe, startFakeStripe } from '@parley/stripe-fake'
import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { testDatabaseUrl } from '../src/testing.ts'
import {
  demoStore,
  type HandoffStack,
  type Provisioned,
  startHandoffStack,
} from './fixtures/chatwoot-handoff.ts'

// Payments in chat through the real functions, dispatcher and database, against the fake Stripe: an
// owner connects the store's own Stripe account with a restricted key (Parley registers its webhook there
// and keeps the secret), an agent asks for a payment, the job opens a Checkout Session in payment mode
// (every request checked against the vendored contract by the fake), the shopper pays, and the store's
// signed webhook marks it paid once: in the transcript, in Chatwoot as a private note, and as an
// automation event. Forged, stale and replayed deliveries change nothing; a webhook endpoint that answers
// 500 for a while gets Stripe's retries (a short backoff here) and still marks the payment paid once.
const owner = { email: 'demo@parley.dev', password: 'parley-demo-2026' }
const agent = { email: 'agent@parley.dev', password: 'parley-demo-2026' }

describe('payments in chat', () => {
  let h: HandoffStack
  let fake: FakeStripe
  let account: Provisioned
  let visitor: SupabaseClient
  let sessionId: string

  beforeAll(async () => {
    fake = await startFakeStripe({ webhookRetry: { backoffMs: () => 200 } })
    h = await startHandoffStack({
      databaseUrl: testDatabaseUrl,
      delayScale: 0.01,
      env: [`STRIPE_API_URL=${fake.url}`, 'PARLEY_DASHBOARD_URL=http://dashboard.test'],
    })
    account = await h.provision(demoStore)
    await h.runOutbox()
    visitor = h.client()
    const { error } = await visitor.auth.signInAnonymously()
    if (error) throw error
    const started = await visitor.functions.invoke('chat/sessions', { body: { chatbot: 'acmeoutdoor0001' } })
    sessionId = started.data.session.id
    // with a person, so that the agents hear about the payment in Chatwoot
    await visitor.functions.invoke('chat/messages', {
      body: { session_id: sessionId, content: 'I want to talk to a human', client_id: randomUUID() },
    })
    await h.runOutbox()
  }, 400_000)
  afterAll(async () => {
    await h?.stop()
    await fake?.stop()
  })

  async function signedIn(who: { email: string; password: string }) {
    const c = h.client()
    const { error } = await c.auth.signInWithPassword(who)
    if (error) throw error
    return c
  }
  const settle = async () => {
    await fake.control.deliveriesSettled()
    await h.runOutbox()
  }
  async function request(id: string) {
    const { data } = await h.service.from('payment_requests').select('*').eq('id', id).single().throwOnError()
    return data as { status: string; checkout_session_id: string | null; checkout_url: string | null }
  }
  const lines = async () =>
    (
      await h.service
        .from('messages')
        .select('sender, content, metadata')
        .eq('session_id', sessionId)
        .order('id')
        .throwOnError()
    ).data as { sender: string; content: string; metadata: Record<string, unknown> }[]
  const events = async (type: string) =>
    (await h.service.from('automation_events').select('payload').eq('type', type).throwOnError()).data ?? []

  it('connects the store account with a restricted key and registers the webhook there', async () => {
    const refused = await (await signedIn(agent)).functions.invoke('apps/connect', {
      body: { store_id: demoStore, app: 'stripe', api_key: 'rk_test_store0001' },
    })
    expect(refused.response?.status).toBe(403)
    const connected = await (await signedIn(owner)).functions.invoke('apps/connect', {
      body: { store_id: demoStore, app: 'stripe', api_key: 'rk_test_store0001' },
    })
    expect(connected.data).toEqual({ connected: true })
    await h.runOutbox()
    const [job] = await h.jobs((j) => j.topic === 'stripe.register_webhook')
    expect(job?.status).toBe('done')
    const endpoint = fake.webhooks.endpoints.at(-1)
    expect(endpoint?.url).toBe(`${h.stack.env.SUPABASE_URL}/functions/v1/stripe-payments/${demoStore}`)
    expect(endpoint?.enabledEvents).toContain('checkout.session.completed')
    // the key and the secret are kept encrypted, and members cannot read them
    const { rows } = await h.stack.db.pool.query(
      `select credentials_encrypted, webhook_secret_encrypted from public.integrations
        where store_id = $1 and provider = 'stripe'`,
      [demoStore],
    )
    expect(rows[0].credentials_encrypted).toMatch(/^v1\./)
    expect(rows[0].webhook_secret_encrypted).toMatch(/^v1\./)
    expect(rows[0].webhook_secret_encrypted).not.toContain(endpoint?.secret)
    const { error } = await (await signedIn(owner))
      .from('integrations')
      .select('webhook_secret_encrypted')
      .eq('store_id', demoStore)
    expect(error?.code).toBe('42501')
  })

  it('an agent asks for a payment; the shopper pays; the widget, transcript, Chatwoot and automations hear it once', async () => {
    const staff = await signedIn(agent)
    const asked = await staff.rpc('request_payment', {
      p_session_id: sessionId,
      p_amount: 4250,
      p_currency: 'EUR',
      p_description: 'Order 1042',
    })
    expect(asked.error).toBeNull()
    const id = asked.data as string
    await h.runOutbox()
    const opened = await request(id)
    expect(opened.status).toBe('open')
    expect(opened.checkout_url).toBe(`${fake.url}/checkout/${opened.checkout_session_id}`)

    // what the job sent is what the contract allows (the fake refuses unknown parameters and enum values)
    const sent = fake.state.requests.filter((r) => r.path === '/v1/checkout/sessions')
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({
      method: 'POST',
      idempotencyKey: `payreq:${id}`,
      stripeVersion: '2026-07-29.dahlia',
      params: {
        mode: 'payment',
        client_reference_id: id,
        line_items: [{ quantity: '1', price_data: { currency: 'eur', unit_amount: '4250' } }],
      },
    })
    expect(sent[0]?.error).toBeUndefined()
    expect(fake.state.requests.every((r) => !r.error)).toBe(true)

    // the shopper sees the card (through RLS) with its page
    const card = await visitor.from('payment_requests').select('status, checkout_url, amount').eq('id', id)
    expect(card.data).toEqual([{ status: 'open', checkout_url: opened.checkout_url, amount: 4250 }])
    expect((await lines()).find((l) => l.metadata.payment_request_id === id)?.content).toBe(
      'Payment request: EUR 42.50 for Order 1042',
    )

    expect(fake.control.completeCheckout(opened.checkout_session_id as string)).toBeNull()
    await settle()
    await expect.poll(async () => (await request(id)).status, { timeout: 30_000 }).toBe('paid')
    expect((await lines()).filter((l) => l.content.startsWith('Payment received'))).toHaveLength(1)
    expect(await events('payment.succeeded')).toEqual([
      { payload: { payment_request_id: id, amount: 4250, currency: 'eur', description: 'Order 1042' } },
    ])
    const [note] = await h.jobs((j) => j.topic === 'stripe.payment_note')
    expect(note?.status).toBe('done')
    const notes = [...h.fake.state.messages.values()].filter(
      (m) => m.private && m.source_id === `parley-payment-${id}-paid`,
    )
    expect(notes.map((m) => m.content)).toEqual(['Payment received: EUR 42.50 for Order 1042'])
    expect(account.accountId).toBeGreaterThan(0)

    // replayed byte for byte: stored once, applied once
    const completed = fake.state.events.find((e) => e.type === 'checkout.session.completed')
    fake.control.replayEvent(completed?.id ?? '')
    await settle()
    expect(fake.webhooks.deliveries.at(-1)?.status).toBe(200)
    expect((await lines()).filter((l) => l.content.startsWith('Payment received'))).toHaveLength(1)
    expect(await events('payment.succeeded')).toHaveLength(1)
  })

  it('stripe-webhook answers 500 twice; Stripe retries and the payment still becomes paid, once', async () => {
    const staff = await signedIn(agent)
    const { data: id, error } = await staff.rpc('request_payment', {
      p_session_id: sessionId,
      p_amount: 1999,
      p_currency: 'EUR',
      p_description: 'Order 1043',
    })
    expect(error).toBeNull()
    await h.runOutbox()
    const opened = await request(id as string)
    expect(opened.status).toBe('open')

    // the store's endpoint, behind a stand-in that answers 500 to the first two deliveries (the function down)
    const endpoint = fake.webhooks.endpoints.at(-1)
    if (!endpoint) throw new Error('no webhook endpoint registered')
    const target = endpoint.url
    let refused = 0
    const down = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', async () => {
        if (refused < 2) {
          refused++
          res.statusCode = 500
          return res.end('down')
        }
        const passed = await fetch(target, {
          method: 'POST',
          headers: {
            'content-type': String(req.headers['content-type']),
            'stripe-signature': String(req.headers['stripe-signature']),
          },
          body: Buffer.concat(chunks),
        })
        res.statusCode = passed.status
        res.end(await passed.text())
      })
    })
    await new Promise<void>((r) => down.listen(0, '127.0.0.1', r))
    endpoint.url = `http://127.0.0.1:${(down.address() as AddressInfo).port}/`
    try {
      expect(fake.control.completeCheckout(opened.checkout_session_id as string)).toBeNull()
      await expect
        .poll(
          async () => {
            await h.runOutbox()
            return (await request(id as string)).status
          },
          { timeout: 60_000, interval: 500 },
        )
        .toBe('paid')
      expect(refused).toBe(2)
      const completed = fake.webhooks.deliveries.filter(
        (d) => d.type === 'checkout.session.completed' && d.body.includes(String(opened.checkout_session_id)),
      )
      expect(completed.map((d) => d.status).at(-1)).toBe(200)
      expect(completed.length).toBeGreaterThan(1)
      expect((await lines()).filter((l) => l.content.startsWith('Payment received: EUR 19.99'))).toHaveLength(
        1,
      )
      expect(
        (await events('payment.succeeded')).filter(
          (e) => (e.payload as { payment_request_id?: string }).payment_request_id === id,
        ),
      ).toHaveLength(1)
    } finally {
      endpoint.url = target
      down.close()
    }
  })

  it('refuses forged, stale and foreign deliveries and stores nothing of them', async () => {
    const staff = await signedIn(agent)
    const { data: id } = await staff.rpc('request_payment', {
      p_session_id: sessionId,
      p_amount: 990,
      p_currency: 'usd',
      p_description: 'Gift wrap',
      p_expires_in_minutes: 60,
    })
    await h.runOutbox()
    const opened = await request(id as string)
    const stored = async () =>
      (await h.service.from('payment_events').select('id').eq('store_id', demoStore)).data?.length
    const before = await stored()
    fake.control.badSignature()
    fake.control.failAsyncPayment(opened.checkout_session_id as string)
    await settle()
    fake.control.badSignature(false)
    fake.control.signStale(301)
    for (const e of fake.state.events.slice(-2)) fake.control.replayEvent(e.id)
    await settle()
    fake.control.signStale(0)
    expect(fake.webhooks.deliveries.slice(-4).map((d) => d.status)).toEqual([400, 400, 400, 400])
    // another store's URL: its secret (none) does not verify this account's signature
    const other = await fetch(`${h.stack.env.SUPABASE_URL}/functions/v1/stripe-payments/${randomUUID()}`, {
      method: 'POST',
      headers: { 'stripe-signature': fake.webhooks.deliveries.at(-1)?.signature ?? '' },
      body: fake.webhooks.deliveries.at(-1)?.body,
    })
    expect(other.status).toBe(400)
    expect(await stored()).toBe(before)
    expect((await request(id as string)).status).toBe('open')

    // the genuine deliveries then fail the payment, once
    for (const e of fake.state.events.slice(-2)) fake.control.replayEvent(e.id)
    await settle()
    await expect.poll(async () => (await request(id as string)).status, { timeout: 30_000 }).toBe('failed')
    expect(await events('payment.failed')).toHaveLength(1)
  })

  it('an unpaid link expires; a paid one never goes back', async () => {
    const staff = await signedIn(agent)
    const { data: id } = await staff.rpc('request_payment', {
      p_session_id: sessionId,
      p_amount: 1500,
      p_currency: 'eur',
      p_description: 'Repair',
    })
    await h.runOutbox()
    fake.control.expireCheckout((await request(id as string)).checkout_session_id as string)
    await settle()
    await expect.poll(async () => (await request(id as string)).status, { timeout: 30_000 }).toBe('expired')
    expect(await events('payment.expired')).toHaveLength(1)
    const { data: outcome } = await h.service
      .from('payment_events')
      .select('outcome')
      .eq('store_id', demoStore)
      .eq('type', 'checkout.session.expired')
    expect(outcome).toEqual([{ outcome: 'applied: expired' }])
  })

  it('refuses bad requests in words, and Stripe refusing opens no card', async () => {
    const staff = await signedIn(agent)
    const short = await staff.rpc('request_payment', {
      p_session_id: sessionId,
      p_amount: 100,
      p_currency: 'eur',
      p_description: 'Too short',
      p_expires_in_minutes: 5,
    })
    expect(short.error?.message).toMatch(/30 minutes to 24 hours/)
    const stranger = await staff.rpc('request_payment', {
      p_session_id: randomUUID(),
      p_amount: 100,
      p_currency: 'eur',
      p_description: 'Nope',
    })
    expect(stranger.error?.message).toMatch(/no such conversation/)

    fake.control.failNext(1, 402)
    const { data: id } = await staff.rpc('request_payment', {
      p_session_id: sessionId,
      p_amount: 700,
      p_currency: 'eur',
      p_description: 'Refused',
    })
    await h.runOutbox()
    const [job] = await h.jobs(
      (j) => j.topic === 'stripe.open_checkout' && j.payload.payment_request_id === id,
    )
    expect(job?.status).toBe('dead')
    expect(job?.last_error).toMatch(/Stripe refused the request/)
    expect((await request(id as string)).status).toBe('failed')
  })

  it('disconnecting deletes the webhook endpoint on the store account through a job (a 5xx retried), then forgets the key', async () => {
    const { rows } = await h.stack.db.pool.query(
      `select config->>'webhook_endpoint_id' as endpoint from public.integrations
        where store_id = $1 and provider = 'stripe'`,
      [demoStore],
    )
    const endpointId = rows[0].endpoint as string
    expect(fake.webhooks.endpoints.map((e) => e.id)).toContain(endpointId)
    fake.control.failNext(1, 503)
    const { data, error } = await (await signedIn(owner)).functions.invoke('apps/disconnect', {
      body: { store_id: demoStore, app: 'stripe' },
    })
    if (error) throw error
    expect(data).toEqual({ disconnected: true, revoked: true })
    await vi.waitFor(
      async () => {
        await h.runOutbox()
        const [job] = await h.jobs((j) => j.topic === 'stripe.delete_webhook')
        expect(job?.status).toBe('done')
        expect(job?.attempts).toBe(2)
      },
      { timeout: 60_000, interval: 100 },
    )
    expect(fake.webhooks.endpoints.map((e) => e.id)).not.toContain(endpointId)
    const deletes = fake.state.requests.filter((r) => r.method === 'DELETE')
    expect(deletes.map((r) => [r.path, r.status])).toEqual([
      [`/v1/webhook_endpoints/${endpointId}`, 503],
      [`/v1/webhook_endpoints/${endpointId}`, 200],
    ])
    const after = await h.stack.db.pool.query(
      `select status, credentials_encrypted, config from public.integrations
        where store_id = $1 and provider = 'stripe'`,
      [demoStore],
    )
    expect(after.rows[0]).toMatchObject({ status: 'disconnected', credentials_encrypted: null })
    expect(after.rows[0].config).not.toHaveProperty('webhook_endpoint_id')
  }, 90_000)

  it('connecting again registers a new endpoint, not the one the disconnect deleted', async () => {
    const deleted = fake.webhooks.endpoints.map((e) => e.id)
    const connected = await (await signedIn(owner)).functions.invoke('apps/connect', {
      body: { store_id: demoStore, app: 'stripe', api_key: 'rk_test_store0001' },
    })
    expect(connected.data).toEqual({ connected: true })
    await vi.waitFor(
      async () => {
        await h.runOutbox()
        const jobs = await h.jobs((j) => j.topic === 'stripe.register_webhook')
        expect(jobs.map((j) => j.status)).toEqual(['done', 'done'])
      },
      { timeout: 60_000, interval: 100 },
    )
    const { rows } = await h.stack.db.pool.query(
      `select config->>'webhook_endpoint_id' as endpoint from public.integrations
        where store_id = $1 and provider = 'stripe'`,
      [demoStore],
    )
    // Stripe answers a repeated idempotency key with its first answer for a day: the deleted endpoint.
    expect(fake.webhooks.endpoints.map((e) => e.id)).toContain(rows[0].endpoint)
    expect(deleted).not.toContain(rows[0].endpoint)
  }, 90_000)

  it('disconnecting while Stripe is still registering the endpoint leaves no endpoint behind', async () => {
    const owners = await signedIn(owner)
    await owners.functions.invoke('apps/disconnect', { body: { store_id: demoStore, app: 'stripe' } })
    await vi.waitFor(
      async () => {
        await h.runOutbox()
        const jobs = await h.jobs((j) => j.topic === 'stripe.delete_webhook')
        expect(jobs.map((j) => j.status)).toEqual(['done', 'done'])
      },
      { timeout: 60_000, interval: 100 },
    )
    expect(fake.webhooks.endpoints).toEqual([])
    const arrived = fake.state.requests.length
    fake.control.slowNext(1, 3_000)
    const connected = await owners.functions.invoke('apps/connect', {
      body: { store_id: demoStore, app: 'stripe', api_key: 'rk_test_store0001' },
    })
    expect(connected.data).toEqual({ connected: true })
    const registering = h.runOutbox()
    // The register job's request is at Stripe: the owner disconnects before Stripe answers.
    await vi.waitFor(
      () =>
        expect(fake.state.requests.slice(arrived).some((r) => r.path === '/v1/webhook_endpoints')).toBe(true),
      { timeout: 30_000, interval: 20 },
    )
    const disconnected = await owners.functions.invoke('apps/disconnect', {
      body: { store_id: demoStore, app: 'stripe' },
    })
    expect(disconnected.data).toEqual({ disconnected: true, revoked: true })
    await registering
    await vi.waitFor(
      async () => {
        await h.runOutbox()
        const jobs = await h.jobs((j) => j.topic === 'stripe.register_webhook')
        expect(jobs.map((j) => j.status)).toEqual(['done', 'done', 'done'])
      },
      { timeout: 60_000, interval: 100 },
    )
    // The job saw the store had gone and deleted what it made; nothing is left to receive its events.
    expect(fake.webhooks.endpoints).toEqual([])
    const { rows } = await h.stack.db.pool.query(
      `select status, config, credentials_encrypted, webhook_secret_encrypted from public.integrations
        where store_id = $1 and provider = 'stripe'`,
      [demoStore],
    )
    expect(rows[0]).toMatchObject({
      status: 'disconnected',
      credentials_encrypted: null,
      webhook_secret_encrypted: null,
    })
    expect(rows[0].config).not.toHaveProperty('webhook_endpoint_id')
  }, 120_000)
})
