import { randomUUID } from 'node:crypto'
import { type FakeStripe, startFakeStripe } from '@parley/stripe-fake'
import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDatabaseUrl } from '../src/testing.ts'
import { demoStore, type HandoffStack, startHandoffStack } from './fixtures/chatwoot-handoff.ts'

// The bot's own offers through the real chat function, dispatcher and database, against the fake Stripe:
// a shopper asking to book gets the store's Cal.com card (when the chatbot allows it), one asking to pay
// gets a card for an item the store set up (one request however often and however fast they ask), and a
// link nobody paid is expired by its job even when Stripe's event never comes (or comes late: one trigger).
const owner = { email: 'demo@parley.dev', password: 'parley-demo-2026' }
const chatbot = 'acmeoutdoor0001'
const bookingPage = 'https://cal.example/acme/fitting'
const deposit = {
  name: 'Deposit',
  amount: 5000,
  currency: 'eur',
  description: 'Deposit for a custom tent',
  expires_in_minutes: 60,
}
const fitting = { ...deposit, name: 'Boot fitting', amount: 3000, description: 'Boot fitting session' }

interface Reply {
  content: string
  metadata: Record<string, unknown>
}

describe('the bot offers booking and payment', () => {
  let h: HandoffStack
  let fake: FakeStripe
  let visitor: SupabaseClient

  beforeAll(async () => {
    fake = await startFakeStripe()
    h = await startHandoffStack({
      databaseUrl: testDatabaseUrl,
      delayScale: 0.01,
      env: [`STRIPE_API_URL=${fake.url}`, 'PARLEY_DASHBOARD_URL=http://dashboard.test'],
    })
    await h.provision(demoStore)
    await h.runOutbox()
    const staff = h.client()
    const signedIn = await staff.auth.signInWithPassword(owner)
    if (signedIn.error) throw signedIn.error
    const connected = await staff.functions.invoke('apps/connect', {
      body: { store_id: demoStore, app: 'stripe', api_key: 'rk_test_store0001' },
    })
    expect(connected.data).toEqual({ connected: true })
    await h.runOutbox()
    visitor = h.client()
    const { error } = await visitor.auth.signInAnonymously()
    if (error) throw error
  }, 400_000)
  afterAll(async () => {
    await h?.stop()
    await fake?.stop()
  })

  async function conversation() {
    const started = await visitor.functions.invoke('chat/sessions', { body: { chatbot } })
    return started.data as { session: { id: string }; contact: { id: string } }
  }
  async function say(sessionId: string, content: string): Promise<Reply> {
    const { data, error } = await visitor.functions.invoke('chat/messages', {
      body: { session_id: sessionId, content, client_id: randomUUID() },
    })
    if (error) throw error
    return data.reply as Reply
  }
  const setChatbot = (values: Record<string, unknown>) =>
    h.service.from('chatbots').update(values).eq('public_id', chatbot).throwOnError()
  const requests = async (sessionId: string) =>
    (
      await h.service
        .from('payment_requests')
        .select('id, amount, description, status, origin, checkout_session_id')
        .eq('session_id', sessionId)
        .order('created_at')
        .throwOnError()
    ).data as {
      id: string
      amount: number
      description: string
      status: string
      origin: string
      checkout_session_id: string | null
    }[]
  const events = async (type: string, id: string) =>
    (
      await h.service
        .from('automation_events')
        .select('payload')
        .eq('type', type)
        .eq('payload->>payment_request_id', id)
        .throwOnError()
    ).data ?? []

  it('offers the booking card only when Cal.com is connected and the chatbot allows it', async () => {
    const { session, contact } = await conversation()
    await h.service
      .from('contacts')
      .update({ name: 'Ada Lovelace', email: 'ada@example.com' })
      .eq('id', contact.id)
      .throwOnError()
    await setChatbot({ bot_offers_booking: true })
    expect((await say(session.id, 'can I book a call')).metadata.kind).not.toBe('booking_offer')

    await h.service
      .from('integrations')
      .upsert(
        {
          store_id: demoStore,
          provider: 'calcom',
          status: 'connected',
          config: { booking_url: bookingPage, event_type_title: 'Boot fitting' },
        },
        { onConflict: 'store_id,provider' },
      )
      .throwOnError()
    await setChatbot({ bot_offers_booking: false })
    expect((await say(session.id, 'can I book a call')).metadata.kind).not.toBe('booking_offer')

    await setChatbot({ bot_offers_booking: true })
    const offer = await say(session.id, 'Could I book a call with you?')
    expect(offer.metadata).toMatchObject({ kind: 'booking_offer', title: 'Boot fitting', responder: 'rules' })
    const url = new URL(offer.metadata.booking_url as string)
    expect(`${url.origin}${url.pathname}`).toBe(bookingPage)
    expect(url.searchParams.get('name')).toBe('Ada Lovelace')
    expect(url.searchParams.get('email')).toBe('ada@example.com')
    expect(url.searchParams.get('metadata[parley_session]')).toBe(session.id)
  })

  it('two asks at once to pay give one request and one Checkout Session; asking again gets it back', async () => {
    await setChatbot({ bot_payables: [deposit] })
    const { session } = await conversation()
    const before = fake.state.requests.filter((r) => r.path === '/v1/checkout/sessions').length
    const replies = await Promise.all([
      say(session.id, 'I want to pay the deposit'),
      say(session.id, 'I want to pay the deposit'),
    ])
    expect(replies.map((r) => r.metadata.kind)).toEqual(['payment_offer', 'payment_offer'])
    const [request, ...more] = await requests(session.id)
    expect(more).toEqual([])
    expect(request).toMatchObject({ amount: 5000, description: deposit.description, origin: 'bot' })
    await h.runOutbox()
    const sessions = fake.state.requests.filter((r) => r.path === '/v1/checkout/sessions')
    expect(sessions).toHaveLength(before + 1)

    const again = await say(session.id, 'I would like to pay the deposit now')
    expect(again.metadata).toMatchObject({ kind: 'payment_offer', payment_request_id: request?.id })
    expect(await requests(session.id)).toHaveLength(1)
    // one card in the conversation for the new request, the repeat shows the same one
    const { data: cards } = await h.service
      .from('messages')
      .select('metadata')
      .eq('session_id', session.id)
      .eq('metadata->>payment_request_id', request?.id ?? '')
      .throwOnError()
    expect(cards).toHaveLength(replies.filter((r) => r.metadata.payment_request_id).length + 2)
  })

  it('holds the conversation while it looks, so an ask waiting behind another gets that one back', async () => {
    // With a model the line is committed before the bot answers: the SQL step alone must serialize the asks.
    await setChatbot({ bot_payables: [deposit] })
    const { session } = await conversation()
    const ask = (client: { query: typeof h.stack.db.pool.query }, message: number) =>
      client.query(`select public.chat_bot_request_payment($1, $2, 0) as r`, [session.id, message])
    const first = await h.stack.db.pool.connect()
    try {
      await first.query('begin')
      const made = (await ask(first, 900_001)).rows[0].r
      const waiting = ask(h.stack.db.pool, 900_002)
      await expect
        .poll(async () => {
          const { rows } = await h.stack.db.pool.query(
            `select count(*)::int as n from pg_stat_activity
              where wait_event_type = 'Lock' and query like '%chat_bot_request_payment%'`,
          )
          return rows[0].n
        })
        .toBe(1)
      await first.query('commit')
      const second = (await waiting).rows[0].r
      expect(made.reused).toBe(false)
      expect(second).toMatchObject({ id: made.id, reused: true })
    } finally {
      first.release()
    }
    expect(await requests(session.id)).toHaveLength(1)
  })

  it('asks which item when several could be meant, and never invents one', async () => {
    await setChatbot({ bot_payables: [deposit, fitting] })
    const { session } = await conversation()
    const which = await say(session.id, 'I want to pay')
    expect(which.metadata.kind).toBe('payment_choice')
    expect(which.content).toContain('Deposit (EUR 50.00)')
    expect(which.content).toContain('Boot fitting (EUR 30.00)')
    expect(await requests(session.id)).toEqual([])
    expect((await say(session.id, 'the boot fitting')).metadata.kind).toBe('payment_offer')
    expect((await requests(session.id)).map((r) => r.amount)).toEqual([3000])
  })

  it('answers as usual when Stripe is not connected', async () => {
    await setChatbot({ bot_payables: [deposit] })
    await h.service
      .from('integrations')
      .update({ status: 'disconnected' })
      .eq('store_id', demoStore)
      .eq('provider', 'stripe')
      .throwOnError()
    try {
      const { session } = await conversation()
      expect((await say(session.id, 'I want to pay the deposit')).metadata.kind).not.toBe('payment_offer')
      expect(await requests(session.id)).toEqual([])
    } finally {
      await h.service
        .from('integrations')
        .update({ status: 'connected' })
        .eq('store_id', demoStore)
        .eq('provider', 'stripe')
        .throwOnError()
    }
  })

  /** A request made by the bot whose link ran out, its expiry job now due. */
  async function overdueRequest() {
    await setChatbot({ bot_payables: [deposit] })
    const { session } = await conversation()
    await say(session.id, 'I want to pay the deposit')
    await h.runOutbox()
    const [request] = await requests(session.id)
    if (!request?.checkout_session_id) throw new Error('no Checkout Session was opened')
    await h.stack.db.pool.query(
      `update public.payment_requests set expires_at = now() - interval '1 minute' where id = $1`,
      [request.id],
    )
    await h.stack.db.pool.query(
      `update public.outbox set next_attempt_at = now()
        where topic = 'stripe.expire_payment_request' and payload->>'payment_request_id' = $1`,
      [request.id],
    )
    return { sessionId: session.id, request }
  }
  const expiryJob = async (id: string) =>
    (
      await h.jobs((j) => j.topic === 'stripe.expire_payment_request' && j.payload.payment_request_id === id)
    )[0]

  it('expires a link Stripe never reported, and a late expiry event changes nothing', async () => {
    const { sessionId, request } = await overdueRequest()
    await h.runOutbox()
    expect((await requests(sessionId))[0]?.status).toBe('expired')
    expect((await expiryJob(request.id))?.status).toBe('done')
    expect(await events('payment.expired', request.id)).toHaveLength(1)

    fake.control.expireCheckout(request.checkout_session_id as string)
    await fake.control.deliveriesSettled()
    await h.runOutbox()
    const { data: outcome } = await h.service
      .from('payment_events')
      .select('outcome')
      .eq('store_id', demoStore)
      .eq('payload->data->object->>id', request.checkout_session_id as string)
      .throwOnError()
    expect(outcome).toEqual([{ outcome: 'ignored: already expired' }])
    expect(await events('payment.expired', request.id)).toHaveLength(1)
    const { data: lines } = await h.service
      .from('messages')
      .select('content')
      .eq('session_id', sessionId)
      .like('content', 'Payment link expired%')
      .throwOnError()
    expect(lines).toHaveLength(1)
  })

  it('when Stripe reports the expiry first, the job finds nothing left to do', async () => {
    const { request } = await overdueRequest()
    fake.control.expireCheckout(request.checkout_session_id as string)
    await fake.control.deliveriesSettled()
    await h.runOutbox()
    expect((await expiryJob(request.id))?.status).toBe('done')
    expect(await events('payment.expired', request.id)).toHaveLength(1)
  })
})
