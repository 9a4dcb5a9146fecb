import { randomUUID } from 'node:crypto'
import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  demoStore,
  type HandoffStack,
  type Provisioned,
  startHandoffStack,
} from './fixtures/chatwoot-handoff.ts'

// Handoff to Chatwoot end to end against the fake: the chat function queues the session, the outbox
// dispatcher (run here one call at a time, as the scheduler makes them) opens the conversation with the
// transcript, the agent's reply comes back through the signed webhook into messages and over realtime to
// the visitor's supabase-js subscription. Contact sync and erasure, Chatwoot down (fallback contact
// offered, nothing lost) and 429 with Retry-After.
describe('handoff to Chatwoot', () => {
  let h: HandoffStack
  let account: Provisioned

  beforeAll(async () => {
    h = await startHandoffStack({ delayScale: 0.01 })
    account = await h.provision(demoStore)
    await h.service
      .from('stores')
      .update({
        business_hours: { mon_fri: '09:00-17:00' },
        reply_time: 'within an hour',
        fallback_phone: '+43 512 123456',
        fallback_email: 'help@acme.example',
      })
      .eq('id', demoStore)
      .throwOnError()
    // the seed's own jobs (its handoff, contacts, agent) first
    await h.runOutbox()
  }, 120_000)
  afterAll(async () => {
    await h?.stop()
  })

  async function visitor(): Promise<SupabaseClient> {
    const c = h.client()
    const { error } = await c.auth.signInAnonymously()
    if (error) throw error
    return c
  }

  async function chat<T>(c: SupabaseClient, route: string, body: Record<string, unknown>): Promise<T> {
    const { data, error } = await c.functions.invoke(`chat/${route}`, { body })
    if (error) throw error
    return data as T
  }

  async function startChat(c: SupabaseClient) {
    const started = await chat<{ session: { id: string } }>(c, 'sessions', { chatbot: 'acmeoutdoor0001' })
    return started.session.id
  }

  const say = (c: SupabaseClient, sessionId: string, content: string) =>
    chat<{ reply: { content: string } | null; handoff: boolean }>(c, 'messages', {
      session_id: sessionId,
      content,
      client_id: randomUUID(),
    })

  const conversationOf = (displayId: number) =>
    [...h.fake.state.conversations.values()].find(
      (c) => c.account_id === account.accountId && c.display_id === displayId,
    )
  const chatwootMessages = (displayId: number) => {
    const conversation = conversationOf(displayId)
    return [...h.fake.state.messages.values()].filter((m) => m.conversation_id === conversation?.id)
  }
  const visitorLines = (displayId: number) =>
    chatwootMessages(displayId)
      .filter((m) => m.message_type === 0)
      .map((m) => m.content)
  async function session(sessionId: string) {
    const { data } = await h.service
      .from('chat_sessions')
      .select('status, chatwoot_conversation_id, handoff_state')
      .eq('id', sessionId)
      .single()
      .throwOnError()
    return data as { status: string; chatwoot_conversation_id: number | null; handoff_state: string | null }
  }
  const sessionJobs = (sessionId: string) => h.jobs((job) => job.payload.session_id === sessionId)

  it('hands a session to Chatwoot with its transcript and context, and the agent reply arrives live', async () => {
    const v = await visitor()
    const sessionId = await startChat(v)
    await say(v, sessionId, 'How long does shipping take?')
    const asked = await say(v, sessionId, 'I want to talk to a human')
    expect(asked.handoff).toBe(true)
    expect((await session(sessionId)).status).toBe('queued')

    await h.runOutbox()
    expect((await sessionJobs(sessionId)).map((j) => [j.topic, j.status])).toEqual([
      ['chatwoot.handoff', 'done'],
    ])
    const queued = await session(sessionId)
    expect(queued).toMatchObject({ status: 'queued', handoff_state: 'delivered' })
    const displayId = queued.chatwoot_conversation_id as number
    const conversation = conversationOf(displayId)
    expect(conversation).toMatchObject({
      inbox_id: account.apiInboxId,
      status: 'open',
      custom_attributes: { parley_session_id: sessionId, parley_lead_score: expect.any(Number) },
    })
    const posted = chatwootMessages(displayId)
    // the visitor's lines as incoming, the bot's lines and the context as private notes, each with its source
    expect(visitorLines(displayId)).toEqual(['How long does shipping take?', 'I want to talk to a human'])
    expect(posted.filter((m) => m.private).length).toBe(3)
    expect(posted.filter((m) => m.source_id?.startsWith('parley-message-')).length).toBe(4)
    expect(posted.at(-1)?.content).toMatch(
      /Parley handoff[\s\S]*Lead score: \d+[\s\S]*Handoff reason: human_request/,
    )
    // the contact is synced with Parley's attributes
    const contact = h.fake.state.contacts.get(conversation?.contact_id ?? 0)
    expect(contact?.custom_attributes).toMatchObject({
      parley_language: 'en',
      parley_lead_score: expect.any(Number),
    })

    // A crash between creating the conversation and saving its id: the rerun finds the conversation by
    // its parley_session_id and the lines by their source ids, and creates nothing twice.
    await h.service
      .from('chat_sessions')
      .update({ chatwoot_conversation_id: null })
      .eq('id', sessionId)
      .throwOnError()
    await h.service
      .from('messages')
      .update({ chatwoot_message_id: null })
      .eq('session_id', sessionId)
      .throwOnError()
    await h.service
      .from('outbox')
      .update({ status: 'pending', next_attempt_at: new Date().toISOString() })
      .eq('topic', 'chatwoot.handoff')
      .eq('payload->>session_id', sessionId)
      .throwOnError()
    await h.runOutbox()
    expect((await session(sessionId)).chatwoot_conversation_id).toBe(displayId)
    expect(chatwootMessages(displayId).length).toBe(posted.length)
    expect(
      [...h.fake.state.conversations.values()].filter(
        (c) => c.custom_attributes.parley_session_id === sessionId,
      ),
    ).toHaveLength(1)

    // the visitor's supabase-js subscription gets the agent's reply, never the private note
    const live: { sender: string; content: string }[] = []
    const statuses: string[] = []
    const channel = v
      .channel(`session:${sessionId}`)
      .on(
        'postgres_changes',
        { event: 'INSERT', schema: 'public', table: 'messages', filter: `session_id=eq.${sessionId}` },
        (p) => live.push(p.new as { sender: string; content: string }),
      )
      .on(
        'postgres_changes',
        { event: 'UPDATE', schema: 'public', table: 'chat_sessions', filter: `id=eq.${sessionId}` },
        (p) => statuses.push((p.new as { status: string }).status),
      )
    await new Promise<void>((resolve, reject) =>
      channel.subscribe((state) =>
        state === 'SUBSCRIBED' ? resolve() : state === 'CHANNEL_ERROR' ? reject(new Error(state)) : undefined,
      ),
    )
    h.fake.control.agentReply(account.accountId, displayId, 'Note: check order 1234 first', { private: true })
    h.fake.control.agentReply(account.accountId, displayId, 'Hi! Anna here, how can I help?')
    await vi.waitFor(() => expect(live.some((m) => m.sender === 'agent')).toBe(true), { timeout: 10_000 })
    await h.fake.control.deliveriesSettled()
    expect(live.filter((m) => m.sender === 'agent').map((m) => m.content)).toEqual([
      'Hi! Anna here, how can I help?',
    ])
    await vi.waitFor(() => expect(statuses).toContain('human'), { timeout: 10_000 })

    // resolved in Chatwoot -> resolved here; the visitor writes again -> back to the agents
    h.fake.control.resolve(account.accountId, displayId)
    await vi.waitFor(() => expect(statuses).toContain('resolved'), { timeout: 10_000 })
    const later = await say(v, sessionId, 'One more question about my order')
    expect(later).toMatchObject({ reply: null, handoff: true })
    expect((await session(sessionId)).status).toBe('queued')
    await h.runOutbox()
    expect((await sessionJobs(sessionId)).at(-1)).toMatchObject({
      topic: 'chatwoot.forward_message',
      status: 'done',
    })
    expect(conversationOf(displayId)?.status).toBe('open')
    expect(chatwootMessages(displayId).at(-1)).toMatchObject({
      content: 'One more question about my order',
      message_type: 0,
    })
    await vi.waitFor(async () => expect((await session(sessionId)).status).toBe('human'), { timeout: 10_000 })
    await v.removeChannel(channel)
    expect(h.fake.state.requests.filter((r) => r.contractErrors.length > 0)).toEqual([])
  })

  it("syncs contacts (found by the store's identifier) with custom attributes, and erases them", async () => {
    const email = `jane-${randomUUID().slice(0, 8)}@example.com`
    const identifier = `cust-${randomUUID().slice(0, 8)}`
    const existing = await account.app.contacts.create({ name: 'Jane in Chatwoot', identifier })
    const { data: contact } = await h.service
      .from('contacts')
      .insert({
        store_id: demoStore,
        external_id: identifier,
        email,
        name: 'Jane Doe',
        custom_attributes: { tier: 'gold', order_count: 3, order_value: 249.5 },
      })
      .select('id, external_id')
      .single<{ id: string; external_id: string }>()
      .throwOnError()
    const mine = () => h.jobs((job) => job.payload.contact_id === contact.id)
    await h.runOutbox()
    expect((await mine()).map((j) => [j.topic, j.status])).toEqual([['chatwoot.sync_contact', 'done']])
    const synced = h.fake.state.contacts.get(existing.contact.id)
    expect(synced).toMatchObject({
      name: 'Jane Doe',
      email,
      identifier: contact.external_id,
      custom_attributes: { tier: 'gold', order_count: 3, order_value: 249.5 },
    })
    const row = await h.service.from('contacts').select('chatwoot_contact_id').eq('id', contact.id).single()
    expect(row.data?.chatwoot_contact_id).toBe(existing.contact.id)

    await h.service
      .from('contacts')
      .update({ name: 'Jane Roe', custom_attributes: { tier: 'platinum' } })
      .eq('id', contact.id)
      .throwOnError()
    await h.runOutbox()
    expect(h.fake.state.contacts.get(existing.contact.id)).toMatchObject({
      name: 'Jane Roe',
      custom_attributes: { tier: 'platinum' },
    })

    // Chatwoot's echoes of both syncs (the first one possibly late) never undo the newer local edit
    await h.fake.control.deliveriesSettled()
    const local = await h.service.from('contacts').select('name').eq('id', contact.id).single()
    expect(local.data?.name).toBe('Jane Roe')
    expect((await mine()).map((j) => j.status)).toEqual(['done', 'done'])

    await h.service.from('contacts').delete().eq('id', contact.id).throwOnError()
    await h.runOutbox()
    expect((await mine()).at(-1)).toMatchObject({ topic: 'chatwoot.erase_contact', status: 'done' })
    expect(h.fake.state.contacts.has(existing.contact.id)).toBe(false)
  })

  it('waits what Chatwoot asks for on 429 (Retry-After), then syncs', async () => {
    const before = h.fake.state.requests.length
    h.fake.control.failNext(1, 429, { retryAfter: 30 })
    const { data: contact } = await h.service
      .from('contacts')
      .insert({
        store_id: demoStore,
        email: `rate-${randomUUID().slice(0, 8)}@example.com`,
        name: 'Rate Limited',
      })
      .select('id')
      .single<{ id: string }>()
      .throwOnError()
    await h.runOutbox()
    const [job] = await h.jobs((j) => j.payload.contact_id === contact.id)
    // one failed attempt, then done; 30 s of Retry-After at OUTBOX_DELAY_SCALE 0.01 is 0.3 s
    expect(job).toMatchObject({ status: 'done', attempts: 2, runs: 2 })
    const calls = h.fake.state.requests.slice(before)
    const throttled = calls.find((r) => r.status === 429)
    expect(throttled).toBeDefined()
    expect(
      calls
        .filter((r) => (r.at ?? 0) > (throttled?.at ?? 0))
        .every((r) => r.at - (throttled?.at ?? 0) >= 300),
    ).toBe(true)
    const row = await h.service.from('contacts').select('chatwoot_contact_id').eq('id', contact.id).single()
    expect(h.fake.state.contacts.get(row.data?.chatwoot_contact_id as number)?.name).toBe('Rate Limited')
  })

  it('while Chatwoot is down offers the fallback contact, keeps the jobs and delivers everything after', async () => {
    const v = await visitor()
    const sessionId = await startChat(v)
    await h.fake.control.down('refuse')
    try {
      expect((await say(v, sessionId, 'I want to talk to a human')).handoff).toBe(true)
      await say(v, sessionId, 'My order 777 never arrived')
      await h.runOutbox()
      // the visitor can see the handoff is failing and what to do meanwhile
      const mine = await v.from('chat_sessions').select('status, handoff_state').eq('id', sessionId).single()
      expect(mine.data).toEqual({ status: 'queued', handoff_state: 'failing' })
      const config = await v.rpc('widget_config', { p_public_id: 'acmeoutdoor0001' })
      expect(config.data.handoff).toEqual({
        business_hours: { mon_fri: '09:00-17:00' },
        reply_time: 'within an hour',
        fallback_phone: '+43 512 123456',
        fallback_email: 'help@acme.example',
      })
      // the breaker is open: the jobs wait without spending their attempts, none is dead
      const jobs = await sessionJobs(sessionId)
      expect(jobs.map((j) => j.status)).toEqual(['pending', 'pending'])
      expect(jobs[0]?.last_error).toMatch(/Chatwoot/)
    } finally {
      await h.fake.control.up()
    }
    // after the breaker's cool-down the handoff lands, then the line behind it
    await vi.waitFor(
      async () => {
        await h.runOutbox()
        expect((await sessionJobs(sessionId)).map((j) => j.status)).toEqual(['done', 'done'])
      },
      { timeout: 20_000, interval: 200 },
    )
    const displayId = (await session(sessionId)).chatwoot_conversation_id as number
    expect((await session(sessionId)).handoff_state).toBe('delivered')
    expect(visitorLines(displayId)).toEqual(['I want to talk to a human', 'My order 777 never arrived'])
  })
})

// The whole chain with nothing run by hand: the devstack scheduler calls the outbox dispatcher, which
// provisions the seeded store and runs the handoff.
describe('handoff through the scheduler', () => {
  let h: HandoffStack

  beforeAll(async () => {
    h = await startHandoffStack({ scheduler: true })
  }, 120_000)
  afterAll(async () => {
    await h?.stop()
  })

  it('a visitor asking for a person reaches Chatwoot with context, and the agent reply comes back live', async () => {
    const account = await vi.waitFor(
      async () => {
        const { data } = await h.service
          .from('chatwoot_accounts')
          .select('status, account_id')
          .eq('store_id', demoStore)
          .single<{ status: string; account_id: number }>()
        expect(data?.status).toBe('active')
        return data as { account_id: number }
      },
      { timeout: 60_000, interval: 200 },
    )

    const v = h.client()
    const signedIn = await v.auth.signInAnonymously()
    if (signedIn.error) throw signedIn.error
    const { data: started } = await v.functions.invoke('chat/sessions', {
      body: { chatbot: 'acmeoutdoor0001' },
    })
    const sessionId = (started as { session: { id: string } }).session.id
    const live: { sender: string; content: string }[] = []
    const channel = v
      .channel(`session:${sessionId}`)
      .on(
        'postgres_changes',
        { event: 'INSERT', schema: 'public', table: 'messages', filter: `session_id=eq.${sessionId}` },
        (p) => live.push(p.new as { sender: string; content: string }),
      )
    await new Promise<void>((resolve, reject) =>
      channel.subscribe((state) =>
        state === 'SUBSCRIBED' ? resolve() : state === 'CHANNEL_ERROR' ? reject(new Error(state)) : undefined,
      ),
    )
    await v.functions.invoke('chat/messages', {
      body: { session_id: sessionId, content: 'Can I talk to a real person please', client_id: randomUUID() },
    })

    const displayId = await vi.waitFor(
      async () => {
        const { data } = await h.service
          .from('chat_sessions')
          .select('chatwoot_conversation_id, handoff_state')
          .eq('id', sessionId)
          .single<{ chatwoot_conversation_id: number | null; handoff_state: string }>()
        expect(data?.handoff_state).toBe('delivered')
        return data?.chatwoot_conversation_id as number
      },
      { timeout: 30_000, interval: 200 },
    )
    const conversation = [...h.fake.state.conversations.values()].find(
      (c) => c.account_id === account.account_id && c.display_id === displayId,
    )
    expect(conversation?.custom_attributes).toMatchObject({ parley_session_id: sessionId })
    h.fake.control.agentReply(account.account_id, displayId, 'Hello from the team!')
    await vi.waitFor(
      () => expect(live.some((m) => m.sender === 'agent' && m.content === 'Hello from the team!')).toBe(true),
      { timeout: 10_000 },
    )
    await v.removeChannel(channel)
  })
})
