import { type FakeStripe, startFakeStripe } from '@parley/stripe-fake'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Stack } from '../src/stack.ts'
import { startTestStack, testDatabaseUrl } from '../src/testing.ts'

// Billing end to end through the devstack: the billing function opens Checkout and the Portal on the fake
// Stripe as the store's owner; the fake's signed webhooks reach stripe-webhook, which stores and applies
// them (forged, stale, replayed and reordered ones change nothing they should not); caps hold under 50
// concurrent new conversations.
const demoOwner = { email: 'demo@parley.dev', password: 'parley-demo-2026' }
const demoAgent = { email: 'agent@parley.dev', password: 'parley-demo-2026' }

describe('billing', () => {
  let stack: Stack
  let fake: FakeStripe
  let owner: SupabaseClient
  let service: SupabaseClient
  let storeId: string

  const client = (key: string) =>
    createClient(stack.env.SUPABASE_URL, key, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as never },
    })
  const signedIn = async (who: { email: string; password: string }) => {
    const c = client(stack.env.SUPABASE_ANON_KEY)
    const { error } = await c.auth.signInWithPassword(who)
    if (error) throw error
    return c
  }
  const state = async (store = storeId) => {
    const { data } = await service
      .from('store_subscriptions')
      .select('plan_id, status, cancel_at_period_end, stripe_subscription_id, current_period_end')
      .eq('store_id', store)
      .single()
      .throwOnError()
    return data as {
      plan_id: string
      status: string
      cancel_at_period_end: boolean
      stripe_subscription_id: string | null
      current_period_end: string | null
    }
  }
  const subscriptionOf = async (store = storeId) => {
    const id = (await state(store)).stripe_subscription_id
    if (!id) throw new Error('no subscription yet')
    return id
  }
  const settle = async () => {
    await fake.control.deliveriesSettled()
  }

  beforeAll(async () => {
    fake = await startFakeStripe()
    stack = await startTestStack({
      databaseUrl: testDatabaseUrl,
      seed: true,
      functionsEnv: {
        PARLEY_ALLOW_PRIVATE_NETWORK: 'true',
        STRIPE_SECRET_KEY: 'sk_test_parley',
        STRIPE_API_URL: fake.url,
        STRIPE_WEBHOOK_SECRET: fake.webhookSecret,
        PARLEY_DASHBOARD_URL: 'http://dashboard.test',
      },
    })
    fake.webhooks.addEndpoint(`${stack.env.FUNCTIONS_URL}/stripe-webhook`, fake.webhookSecret)
    service = client(stack.env.SUPABASE_SERVICE_ROLE_KEY)
    owner = await signedIn(demoOwner)
    const created = await owner.rpc('create_store', { p_name: 'Billing Shop' })
    if (created.error) throw created.error
    storeId = (created.data as { id: string }).id
  }, 180_000)
  afterAll(async () => {
    await stack?.stop()
    await fake?.stop()
  })

  it('upgrades Free to Starter through Checkout, with the store as client_reference_id', async () => {
    expect((await state()).plan_id).toBe('free')
    const checkout = await owner.functions.invoke('billing', {
      body: { action: 'checkout', store_id: storeId, plan_id: 'starter' },
    })
    expect(checkout.error).toBeNull()
    const url = new URL(checkout.data.url)
    const sessionId = url.pathname.split('/').pop() ?? ''
    const session = fake.state.checkoutSessions.get(sessionId)
    expect(session).toMatchObject({ mode: 'subscription', client_reference_id: storeId, status: 'open' })
    expect(session?.customer).toMatch(/^cus_/)
    // Checkout will not go on without the customer's email: the owner's is filled in
    expect(fake.state.customers.get(session?.customer ?? '')?.email).toBe(demoOwner.email)
    expect(session?.success_url).toBe(`http://dashboard.test/stores/${storeId}/billing?checkout=success`)

    expect(fake.control.completeCheckout(sessionId)).toBeNull()
    await settle()
    await expect.poll(async () => (await state()).plan_id).toBe('starter')
    const s = await state()
    expect(s.status).toBe('active')
    const item = fake.state.subscriptions.get(s.stripe_subscription_id ?? '')?.items[0]
    expect(new Date(s.current_period_end ?? 0).getTime()).toBe((item?.current_period_end ?? 0) * 1000)
    const { data: invoices } = await owner.from('billing_invoices').select('status').eq('store_id', storeId)
    expect(invoices).toEqual([{ status: 'paid' }])

    // a second Checkout would make a second subscription: the owner is sent to the Portal instead
    const again = await owner.functions.invoke('billing', {
      body: { action: 'checkout', store_id: storeId, plan_id: 'pro' },
    })
    expect(again.response?.status).toBe(409)
    const portal = await owner.functions.invoke('billing', { body: { action: 'portal', store_id: storeId } })
    expect(portal.data.url).toMatch(/\/portal\/bps_/)
  })

  it('refuses admins, agents and bad input; the customer is reused', async () => {
    const agent = await signedIn(demoAgent)
    const refused = await agent.functions.invoke('billing', {
      body: { action: 'portal', store_id: 'de000000-0000-4000-8000-000000000010' },
    })
    expect(refused.response?.status).toBe(404)
    const bad = await owner.functions.invoke('billing', { body: { action: 'checkout', store_id: 'nope' } })
    expect(bad.response?.status).toBe(400)
    expect(fake.state.customers.size).toBe(1)
  })

  it('refuses forged and stale events and stores nothing of them', async () => {
    const sub = await subscriptionOf()
    const before = (await service.from('stripe_events').select('id')).data?.length
    fake.control.badSignature()
    fake.control.advanceClock(10)
    fake.control.switchPrice(sub, 'parley_pro_monthly')
    await settle()
    fake.control.badSignature(false)
    fake.control.signStale(301)
    fake.control.replayEvent(fake.state.events.at(-1)?.id ?? '')
    await settle()
    fake.control.signStale(0)
    expect(fake.webhooks.deliveries.slice(-2).map((d) => d.status)).toEqual([400, 400])
    expect((await service.from('stripe_events').select('id')).data?.length).toBe(before)
    expect((await state()).plan_id).toBe('starter')

    // Stripe sends it again, correctly signed this time: applied
    fake.control.replayEvent(fake.state.events.at(-1)?.id ?? '')
    await settle()
    await expect.poll(async () => (await state()).plan_id).toBe('pro')
  })

  it('a replayed event changes nothing; an older one delivered late never overwrites a newer state', async () => {
    const sub = await subscriptionOf()
    const upgrade = fake.state.events.filter((e) => e.type === 'customer.subscription.updated').at(-1)
    fake.control.holdEvents()
    fake.control.advanceClock(10)
    fake.control.switchPrice(sub, 'parley_starter_monthly') // downgrade
    fake.control.advanceClock(10)
    fake.control.switchPrice(sub, 'parley_pro_monthly') // and up again
    const [down, up] = fake.webhooks.held.map((e) => e.id)
    fake.control.releaseEvents([up ?? '', down ?? ''])
    await settle()
    expect(fake.webhooks.deliveries.slice(-2).map((d) => d.status)).toEqual([200, 200])
    const { data: outcomes } = await service.from('stripe_events').select('id, outcome').in('id', [up, down])
    expect(Object.fromEntries((outcomes ?? []).map((o) => [o.id, o.outcome]))).toEqual({
      [up ?? '']: 'applied: active, pro',
      [down ?? '']: 'ignored: older than the state we hold',
    })
    expect((await state()).plan_id).toBe('pro')

    fake.control.replayEvent(upgrade?.id ?? '')
    await settle()
    const replayed = fake.webhooks.deliveries.at(-1)
    expect(replayed?.status).toBe(200)
    expect((await state()).plan_id).toBe('pro')
  })

  it("a failure after storing answers 500, and Stripe's next delivery applies the stored event", async () => {
    const sub = await subscriptionOf()
    const { addPrice } = await import('@parley/stripe-fake/state')
    addPrice(fake.state, {
      lookup_key: 'parley_enterprise_monthly',
      product_name: 'Enterprise',
      unit_amount: 29900,
    })
    fake.control.advanceClock(10)
    fake.control.switchPrice(sub, 'parley_enterprise_monthly')
    await settle()
    const event = fake.state.events.at(-1)
    expect(fake.webhooks.deliveries.at(-1)?.status).toBe(500)
    const stored = await service
      .from('stripe_events')
      .select('processed_at')
      .eq('id', event?.id ?? '')
      .single()
    expect(stored.data).toEqual({ processed_at: null })
    expect((await state()).plan_id).toBe('pro')

    await service
      .from('plans')
      .insert({
        id: 'enterprise',
        name: 'Enterprise',
        position: 4,
        price_lookup_key: 'parley_enterprise_monthly',
      })
      .throwOnError()
    fake.control.replayEvent(event?.id ?? '')
    await settle()
    expect(fake.webhooks.deliveries.at(-1)?.status).toBe(200)
    expect((await state()).plan_id).toBe('enterprise')
    fake.control.advanceClock(10)
    fake.control.switchPrice(sub, 'parley_pro_monthly')
    await settle()
    await expect.poll(async () => (await state()).plan_id).toBe('pro')
  })

  it('a failed payment tells the owners; cancellation at the period end ends on Free', async () => {
    const sub = await subscriptionOf()
    fake.control.advanceClock(10)
    fake.control.failPayment(sub)
    await settle()
    await expect.poll(async () => (await state()).status).toBe('past_due')
    expect((await state()).plan_id).toBe('pro')
    const { data: notices } = await owner
      .from('billing_notices')
      .select('kind, message')
      .eq('store_id', storeId)
    expect(notices).toEqual([
      {
        kind: 'payment_failed',
        message: expect.stringMatching(/^Stripe could not take the payment of 79\.00 EUR/),
      },
    ])

    fake.control.advanceClock(10)
    fake.control.cancelAtPeriodEnd(sub)
    await settle()
    await expect.poll(async () => (await state()).cancel_at_period_end).toBe(true)
    expect((await state()).plan_id).toBe('pro')
    fake.control.advanceClock(10)
    fake.control.endPeriod(sub)
    await settle()
    await expect
      .poll(async () => `${(await state()).plan_id}/${(await state()).status}`)
      .toBe('free/canceled')
  })

  it('a conversation beyond a Pro cap is billed: one meter event in Stripe, never two', async () => {
    // the store from the first test (its subscription ended in the test before), on Pro with a cap of 1
    fake.control.advanceClock(10)
    const checkout = await owner.functions.invoke('billing', {
      body: { action: 'checkout', store_id: storeId, plan_id: 'pro' },
    })
    fake.control.completeCheckout(new URL(checkout.data.url).pathname.split('/').pop() ?? '')
    await settle()
    await expect.poll(async () => (await state()).plan_id).toBe('pro')
    await service.from('plans').update({ max_conversations_per_month: 1 }).eq('id', 'pro').throwOnError()
    try {
      const bot = await service
        .from('chatbots')
        .insert({ store_id: storeId, name: 'Overage bot' })
        .select('public_id')
        .single()
        .throwOnError()
      for (const i of [1, 2, 3]) {
        const visitor = client(stack.env.SUPABASE_ANON_KEY)
        const signedUp = await visitor.auth.signInAnonymously()
        if (signedUp.error) throw signedUp.error
        const started = await visitor.functions.invoke('chat/sessions', {
          body: { chatbot: bot.data.public_id },
        })
        expect(started.error, `conversation ${i}`).toBeNull()
      }
      const { data: ledger } = await service
        .from('usage_ledger')
        .select('id, overage')
        .eq('store_id', storeId)
        .order('id')
      expect(ledger?.map((l) => l.overage)).toEqual([false, true, true])
      for (let round = 0; round < 3; round++) await service.functions.invoke('outbox', { body: {} })
      await expect
        .poll(async () => {
          const { data } = await service.from('outbox').select('status').eq('topic', 'billing.report_overage')
          return data?.map((j) => j.status)
        })
        .toEqual(['done', 'done'])
      const customer = (
        await service
          .from('store_subscriptions')
          .select('stripe_customer_id')
          .eq('store_id', storeId)
          .single()
      ).data?.stripe_customer_id
      const events = [...fake.state.meterEvents.values()]
      expect(events.map((e) => [e.event_name, e.payload])).toEqual([
        ['parley_conversations_overage', { stripe_customer_id: customer, value: '1' }],
        ['parley_conversations_overage', { stripe_customer_id: customer, value: '1' }],
      ])
      // the same overage enqueued again (a retried transaction): one job per ledger row, ever
      const { data: jobs } = await service
        .from('outbox')
        .select('payload')
        .eq('topic', 'billing.report_overage')
      const replay = await service.rpc('enqueue_outbox', {
        p_store_id: storeId,
        p_topic: 'billing.report_overage',
        p_payload: jobs?.[0]?.payload ?? {},
      })
      expect(replay.error).toBeNull()
      const { count } = await service
        .from('outbox')
        .select('id', { count: 'exact', head: true })
        .eq('topic', 'billing.report_overage')
      expect(count).toBe(2)
      expect(new Set(events.map((e) => e.identifier)).size).toBe(2)
    } finally {
      await service.from('plans').update({ max_conversations_per_month: 10000 }).eq('id', 'pro')
    }
  })

  it.runIf(testDatabaseUrl)('50 concurrent new conversations never take more than the cap', async () => {
    const pool = new pg.Pool({ connectionString: stack.env.DB_URL, max: 50 })
    try {
      await pool.query(`update public.plans set max_conversations_per_month = 20 where id = 'free'`)
      const store = await owner.rpc('create_store', { p_name: 'Busy Free Shop' })
      const busy = (store.data as { id: string }).id
      const bot = await service
        .from('chatbots')
        .insert({ store_id: busy, name: 'Busy' })
        .select('public_id')
        .single()
        .throwOnError()
      const visitors = await pool.query<{ id: string }>(
        `insert into auth.users (id, aud, role, is_anonymous) select gen_random_uuid(), 'authenticated',
         'authenticated', true from generate_series(1, 50) returning id`,
      )
      const starts = await Promise.all(
        visitors.rows.map((v) =>
          pool.query<{ r: { session: { over_cap: boolean } } }>(
            `select public.chat_start_session($1, null, $2, '{}') as r`,
            [v.id, { chatbot: bot.data.public_id }],
          ),
        ),
      )
      const over = starts.filter((s) => s.rows[0]?.r.session.over_cap).length
      expect(over).toBe(30)
      const counted = await pool.query(
        `select count(*)::int as n from public.usage_ledger where store_id = $1 and meter = 'conversations'`,
        [busy],
      )
      expect(counted.rows[0].n).toBe(20)
      const sessions = await pool.query(
        `select count(*)::int as n from public.chat_sessions where store_id = $1`,
        [busy],
      )
      expect(sessions.rows[0].n).toBe(50) // every shopper got a conversation
    } finally {
      await pool.query(`update public.plans set max_conversations_per_month = 100 where id = 'free'`)
      await pool.end()
    }
  })
})
