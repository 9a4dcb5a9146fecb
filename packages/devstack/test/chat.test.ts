import { createHmac, randomUUID } from 'node:crypto'
import { createClient, FunctionsHttpError, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Stack } from '../src/stack.ts'
import { startTestStack, testDatabaseUrl } from '../src/testing.ts'
import { type FakeProvider, startFakeProvider } from './fixtures/fake-llm.ts'

// The visitor chat function (supabase/functions/chat) through the whole devstack with the real
// supabase-js: anonymous visitors, the seeded demo chatbot (retrieval responder), chatbots whose
// OpenAI-compatible / Anthropic provider is a fake server that can fail on demand, bad input, exactly-once
// sends and verified identities.
const engines = [
  { name: 'PGlite', server: undefined },
  ...(testDatabaseUrl ? [{ name: 'PostgreSQL', server: testDatabaseUrl }] : []),
]

const demoStore = 'de000000-0000-4000-8000-000000000010'
const demoBot = 'de000000-0000-4000-8000-000000000020'

interface Row {
  id: number
  session_id: string
  sender: string
  content: string
  sentiment: number | null
  intent: string | null
  client_id: string | null
  reply_to: number | null
  metadata: Record<string, unknown>
}
interface Sent {
  message: Row
  reply: Row | null
  handoff: boolean
}
interface Started {
  session: { id: string; status: string; chatbot_id: string; started_at: string }
  contact: { id: string; verified: boolean }
}

describe.each(engines)('chat function on $name', ({ server }) => {
  let stack: Stack
  let service: SupabaseClient
  let fake: FakeProvider
  let otherStoreSession: string
  let identitySecret: string

  const client = (key: string) =>
    createClient(stack.env.SUPABASE_URL, key, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as never },
    })

  async function visitor(): Promise<SupabaseClient> {
    const c = client(stack.env.SUPABASE_ANON_KEY)
    const { error } = await c.auth.signInAnonymously()
    if (error) throw error
    return c
  }

  /** Calls the function; 2xx -> { status: 200, body }, else the status and `{ code, message }` body. */
  async function call<T>(
    c: SupabaseClient,
    route: string,
    body: unknown,
  ): Promise<{ status: number; body: T }> {
    const { data, error } = await c.functions.invoke(`chat/${route}`, {
      body: body as Record<string, unknown>,
    })
    if (!error) return { status: 200, body: data as T }
    if (!(error instanceof FunctionsHttpError)) throw error
    const response = error.context as Response
    return { status: response.status, body: (await response.json()) as T }
  }

  async function start(c: SupabaseClient, body: Record<string, unknown> = {}): Promise<Started> {
    const res = await call<Started>(c, 'sessions', { chatbot: 'acmeoutdoor0001', ...body })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    return res.body
  }

  async function send(
    c: SupabaseClient,
    sessionId: string,
    content: string,
    clientId = randomUUID(),
  ): Promise<Sent> {
    const res = await call<Sent>(c, 'messages', { session_id: sessionId, content, client_id: clientId })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    return res.body
  }

  /** A chatbot of the demo store whose provider is the fake server. */
  async function providerBot(provider: 'openai' | 'anthropic', timeoutMs = 1000): Promise<string> {
    const publicId = `fake${provider}${randomUUID().slice(0, 8)}`
    const bot = await service
      .from('chatbots')
      .insert({ store_id: demoStore, name: `Fake ${provider}`, public_id: publicId, languages: ['en'] })
      .select('id')
      .single<{ id: string }>()
    if (bot.error) throw bot.error
    await service
      .from('faqs')
      .insert({
        store_id: demoStore,
        chatbot_id: bot.data.id,
        question: 'How long does shipping take?',
        answer: '2-4 days.',
      })
      .throwOnError()
    await service
      .from('chatbot_ai_settings')
      .update({
        provider,
        base_url: provider === 'openai' ? `${fake.url}/v1` : fake.url,
        model: `${provider}-test-model`,
        api_key: `key-${provider}`,
        timeout_ms: timeoutMs,
      })
      .eq('chatbot_id', bot.data.id)
      .eq('store_id', demoStore)
      .throwOnError()
    return publicId
  }

  beforeAll(async () => {
    fake = await startFakeProvider()
    stack = await startTestStack({ databaseUrl: server, seed: true })
    service = client(stack.env.SUPABASE_SERVICE_ROLE_KEY)

    // Another store with a session of its own visitor.
    const other = await service
      .from('stores')
      .insert({ name: 'Other Shop', slug: 'other-shop' })
      .select('id')
      .single<{ id: string }>()
    if (other.error) throw other.error
    const otherBot = await service
      .from('chatbots')
      .insert({ store_id: other.data.id, name: 'Other bot', public_id: 'othershop0001' })
      .select('id')
      .single<{ id: string }>()
    if (otherBot.error) throw otherBot.error
    const stranger = await visitor()
    const strangerSession = await call<Started>(stranger, 'sessions', { chatbot: 'othershop0001' })
    otherStoreSession = strangerSession.body.session.id

    const secret = await service
      .from('chatbot_secrets')
      .select('identity_secret')
      .eq('chatbot_id', demoBot)
      .single<{ identity_secret: string }>()
    if (secret.error) throw secret.error
    identitySecret = secret.data.identity_secret
  }, 120_000)

  afterAll(async () => {
    await stack?.stop()
    await fake?.close()
  })

  describe('retrieval responder (the demo chatbot)', () => {
    it('answers an FAQ question, storing both messages with sentiment and intent', async () => {
      const v = await visitor()
      const { session, contact } = await start(v)
      expect(session).toMatchObject({ status: 'bot', chatbot_id: demoBot })
      expect(contact.verified).toBe(false)

      const sent = await send(v, session.id, 'How long does shipping take?')
      expect(sent.handoff).toBe(false)
      expect(sent.message).toMatchObject({
        sender: 'customer',
        intent: 'shipping',
        content: 'How long does shipping take?',
      })
      expect(typeof sent.message.sentiment).toBe('number')
      expect(sent.reply?.sender).toBe('bot')
      expect(sent.reply?.content).toContain('Orders placed before 2 pm')
      expect(sent.reply?.metadata).toMatchObject({ kind: 'answer', responder: 'retrieval' })
      expect(sent.reply?.reply_to).toBe(sent.message.id)

      // The visitor reads both through RLS (what realtime delivers too).
      const { data } = await v
        .from('messages')
        .select('sender, content')
        .eq('session_id', session.id)
        .order('id')
      expect(data?.map((m) => m.sender)).toEqual(['customer', 'bot'])
    })

    it('answers from a knowledge document', async () => {
      const v = await visitor()
      const { session } = await start(v)
      const sent = await send(v, session.id, 'How do I measure the back length for a backpack?')
      expect(sent.reply?.metadata.kind).toBe('answer')
      expect(sent.reply?.content).toMatch(/back length/i)
    })

    it('asks to clarify when several answers fit', async () => {
      const v = await visitor()
      const { session } = await start(v)
      const sent = await send(v, session.id, 'shipping')
      expect(sent.reply?.metadata.kind).toBe('clarify')
      expect(sent.reply?.content).toContain('How much does shipping cost?')
      expect(sent.reply?.content).toContain('How long does shipping take?')
      expect(sent.handoff).toBe(false)
    })

    it('offers a human when nothing matches, and hands off when the visitor accepts', async () => {
      const v = await visitor()
      const { session } = await start(v)
      const unknown = await send(v, session.id, 'What is the airspeed velocity of an unladen swallow?')
      expect(unknown.reply?.metadata.kind).toBe('offer_human')
      expect(unknown.reply?.content).toMatch(/connect you with a person/)
      expect(unknown.handoff).toBe(false)

      const accepted = await send(v, session.id, 'yes please')
      expect(accepted.handoff).toBe(true)
      expect(accepted.reply?.metadata).toMatchObject({ kind: 'handoff', handoff_reason: 'accepted_offer' })
      const { data } = await v.from('chat_sessions').select('status').eq('id', session.id).single()
      expect(data?.status).toBe('queued')

      // Waiting for a person: the message is stored, the bot stays quiet.
      const waiting = await send(v, session.id, 'Hello? Anyone there?')
      expect(waiting).toMatchObject({ reply: null, handoff: true })
      expect(waiting.message.content).toBe('Hello? Anyone there?')
    })

    it("follows the visitor into another of the chatbot's languages", async () => {
      const v = await visitor()
      const { session } = await start(v, { language: 'en' })
      const sent = await send(v, session.id, 'Hallo, wie lange dauert der Versand nach Wien?')
      expect(sent.reply?.metadata.kind).toBe('answer')
      expect(sent.reply?.content).toMatch(/Standardversand dauert/)
      const unknown = await send(v, session.id, 'Wie schnell fliegt eine Schwalbe ohne Gepäck?')
      expect(unknown.reply?.content).toMatch(/Person aus unserem Team/)
      const { data } = await v.from('chat_sessions').select('language').eq('id', session.id).single()
      expect(data?.language).toBe('de')
    })

    it('answers from a knowledge document in another language and says so', async () => {
      const { data: bot } = await service
        .from('chatbots')
        .select('id, store_id')
        .eq('public_id', 'acmeoutdoor0001')
        .single<{ id: string; store_id: string }>()
      const { error } = await service.from('knowledge_documents').insert({
        store_id: bot?.store_id as string,
        chatbot_id: bot?.id as string,
        title: 'Zugspitze Basecamp',
        content: 'Das Zugspitze Basecamp ist unser Zelt für vier Personen, 4,2 kg schwer.',
        language: 'de',
      })
      expect(error).toBeNull()
      const v = await visitor()
      const { session } = await start(v, { language: 'en' })
      const sent = await send(v, session.id, 'Zugspitze Basecamp')
      expect(sent.reply?.metadata.kind).toBe('answer')
      expect(sent.reply?.content).toMatch(
        /^I don't have this in English yet, so here is the answer in German:\n\nDas Zugspitze Basecamp ist/,
      )
    })

    it('hands off at once when the visitor asks for a human or is very unhappy', async () => {
      const v = await visitor()
      const { session } = await start(v)
      const asked = await send(v, session.id, 'I want to talk to a human')
      expect(asked).toMatchObject({ handoff: true, reply: { metadata: { handoff_reason: 'human_request' } } })
      expect(asked.message.intent).toBe('human_request')

      const w = await visitor()
      const other = await start(w)
      const angry = await send(
        w,
        other.session.id,
        'This is terrible, the worst shop ever. Absolutely unacceptable!',
      )
      expect(angry.handoff).toBe(true)
      expect(angry.message.sentiment).toBeLessThan(-0.5)
      const { data } = await service
        .from('chat_sessions')
        .select('status, sentiment')
        .eq('id', other.session.id)
        .single()
      expect(data).toMatchObject({ status: 'queued' })
      expect(data?.sentiment).toBeLessThan(0)
    })

    it('stores a message once per client_id and returns the stored pair again', async () => {
      const v = await visitor()
      const { session } = await start(v)
      const clientId = randomUUID()
      const [first, again] = await Promise.all([
        send(v, session.id, 'How much does shipping cost?', clientId),
        send(v, session.id, 'How much does shipping cost?', clientId),
      ])
      const third = await send(v, session.id, 'How much does shipping cost?', clientId)
      expect(again.message.id).toBe(first.message.id)
      expect(third.message.id).toBe(first.message.id)
      expect(third.reply?.id).toBe(first.reply?.id)
      const { data } = await service.from('messages').select('sender').eq('session_id', session.id)
      expect(data?.length).toBe(2)
    })
  })

  describe('providers (a fake OpenAI-compatible and Anthropic server)', () => {
    it('broadcasts typing on session:<id> while a model answers; a retrieval reply needs none', async (ctx) => {
      // Realtime is another module: until the devstack serves /realtime/v1 this check has nothing to observe.
      const probe = await fetch(`${stack.env.SUPABASE_URL}/realtime/v1/api/broadcast`, {
        method: 'POST',
        headers: {
          apikey: stack.env.SUPABASE_SERVICE_ROLE_KEY,
          authorization: `Bearer ${stack.env.SUPABASE_SERVICE_ROLE_KEY}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ messages: [{ topic: 'probe', event: 'probe', payload: {} }] }),
      })
      if (probe.status === 404) ctx.skip()

      /** The typing events a visitor sees on their session's topic while `line` is answered. */
      async function typingWhile(chatbot: string, line: string): Promise<unknown[]> {
        const v = await visitor()
        const { session } = await start(v, { chatbot })
        const events: unknown[] = []
        const replies: unknown[] = []
        const channel = v.channel(`session:${session.id}`, { config: { private: true } })
        await new Promise<void>((resolve, reject) => {
          channel
            .on('broadcast', { event: 'typing' }, ({ payload }) => events.push(payload))
            .on(
              'postgres_changes',
              { event: 'INSERT', schema: 'public', table: 'messages', filter: `session_id=eq.${session.id}` },
              ({ new: row }) => {
                if ((row as Row).sender === 'bot') replies.push(row)
              },
            )
            .subscribe((status) => {
              if (status === 'SUBSCRIBED') resolve()
              else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') reject(new Error(status))
            })
        })
        try {
          await send(v, session.id, line)
          await expect.poll(() => replies, { timeout: 5000 }).toHaveLength(1)
          return events
        } finally {
          await v.removeChannel(channel)
        }
      }

      fake.next = { status: 200, text: 'Shipping takes 2-4 days.' }
      const withModel = await typingWhile(await providerBot('openai'), 'How long does shipping take?')
      await expect.poll(() => withModel, { timeout: 5000 }).toHaveLength(2)
      expect(withModel).toEqual([
        { sender: 'bot', typing: true },
        { sender: 'bot', typing: false },
      ])
      // The retrieval responder's reply is committed with the line: it arrives with nothing before it.
      expect(await typingWhile('acmeoutdoor0001', 'How do your jackets fit?')).toEqual([])
    })

    it('answers through an OpenAI-compatible provider with the passages and recent turns', async () => {
      const bot = await providerBot('openai')
      const v = await visitor()
      const { session } = await start(v, { chatbot: bot })
      fake.next = { status: 200, text: 'Shipping takes 2-4 days.' }
      const sent = await send(v, session.id, 'How long does shipping take?')
      expect(sent.reply).toMatchObject({
        content: 'Shipping takes 2-4 days.',
        metadata: { responder: 'openai' },
      })
      const request = fake.requests.at(-1)
      expect(request?.path).toBe('/v1/chat/completions')
      expect(request?.headers.authorization).toBe('Bearer key-openai')
      expect(JSON.stringify(request?.body)).toContain('2-4 days.') // the retrieved FAQ is in the context

      fake.next = { status: 200, text: 'Anything else?' }
      await send(v, session.id, 'Thanks')
      const body = fake.requests.at(-1)?.body as { messages: { role: string; content: string }[] }
      const messages = body.messages
      expect(messages.slice(1).map((m) => m.content)).toEqual([
        'How long does shipping take?',
        'Shipping takes 2-4 days.',
        'Thanks',
      ])
    })

    it('answers through Anthropic', async () => {
      const bot = await providerBot('anthropic')
      const v = await visitor()
      const { session } = await start(v, { chatbot: bot })
      fake.next = { status: 200, text: 'Hello from Claude.' }
      const sent = await send(v, session.id, 'How long does shipping take?')
      expect(sent.reply).toMatchObject({
        content: 'Hello from Claude.',
        metadata: { responder: 'anthropic' },
      })
      const request = fake.requests.at(-1)
      expect(request?.path).toBe('/v1/messages')
      expect(request?.headers['x-api-key']).toBe('key-anthropic')
    })

    it.each([
      ['openai', { status: 500 }, 'http_error'],
      ['anthropic', { status: 529 }, 'http_error'],
      ['openai', { status: 429 }, 'rate_limited'],
      ['anthropic', { hang: true }, 'timeout'],
      ['openai', { hang: true }, 'timeout'],
    ] as const)(
      '%s failing with %o: the message is kept, a fallback is stored, the admin sees %s',
      async (provider, failure, kind) => {
        const bot = await providerBot(provider)
        const v = await visitor()
        const { session } = await start(v, { chatbot: bot })
        fake.next = failure
        const sent = await send(v, session.id, 'How long does shipping take?')
        expect(sent.message.content).toBe('How long does shipping take?')
        expect(sent.reply?.metadata).toMatchObject({ kind: 'fallback', failure: kind })
        expect(sent.reply?.content).toMatch(/technical problem/)
        expect(sent.handoff).toBe(false)

        const owner = client(stack.env.SUPABASE_ANON_KEY)
        await owner.auth.signInWithPassword({ email: 'demo@parley.dev', password: 'parley-demo-2026' })
        const { data: failures } = await owner
          .from('responder_failures')
          .select('provider, kind, http_status, message_id')
          .eq('session_id', session.id)
        expect(failures).toEqual([
          {
            provider,
            kind,
            http_status: 'status' in failure ? failure.status : null,
            message_id: sent.message.id,
          },
        ])
        // The key is write-only for the store's admins.
        const key = await owner.from('chatbot_ai_settings').select('api_key')
        expect(key.error?.code).toBe('42501')
        const visible = await owner
          .from('chatbot_ai_settings')
          .select('provider, has_api_key')
          .eq('provider', provider)
        expect(visible.data?.[0]).toEqual({ provider, has_api_key: true })
      },
    )
  })

  describe('AI settings through PostgREST', () => {
    it('lets the store owner set the provider, but not write or read the key (chatbot-secrets encrypts it)', async () => {
      const owner = client(stack.env.SUPABASE_ANON_KEY)
      await owner.auth.signInWithPassword({ email: 'demo@parley.dev', password: 'parley-demo-2026' })
      const update = await owner
        .from('chatbot_ai_settings')
        .update({ provider: 'openai', model: 'gpt-test' })
        .eq('chatbot_id', demoBot)
      expect(update.error).toBeNull()
      const direct = await owner
        .from('chatbot_ai_settings')
        .update({ api_key: 'sk-owner-secret' })
        .eq('chatbot_id', demoBot)
      expect(direct.error?.code).toBe('42501')
      const read = await owner
        .from('chatbot_ai_settings')
        .select('provider, has_api_key')
        .eq('chatbot_id', demoBot)
      expect(read.data).toEqual([{ provider: 'openai', has_api_key: false }])
      expect((await owner.from('chatbot_ai_settings').select('*')).error?.code).toBe('42501')
      expect((await owner.from('chatbot_ai_settings').select('api_key')).error?.code).toBe('42501')
      const agent = client(stack.env.SUPABASE_ANON_KEY)
      await agent.auth.signInWithPassword({ email: 'agent@parley.dev', password: 'parley-demo-2026' })
      expect((await agent.from('chatbot_ai_settings').select('provider')).data).toEqual([])
      // Back to the retrieval responder for the other tests.
      await owner
        .from('chatbot_ai_settings')
        .update({ provider: null, model: null })
        .eq('chatbot_id', demoBot)
    })
  })

  describe('bad input', () => {
    it('refuses wrong types, oversized text and unknown routes with 4xx', async () => {
      const v = await visitor()
      const { session } = await start(v)
      const wrong = await call<{ code: string }>(v, 'messages', {
        session_id: 42,
        content: ['hi'],
        client_id: 'x',
      })
      expect(wrong).toMatchObject({ status: 400, body: { code: 'invalid_request' } })
      const long = await call<{ code: string }>(v, 'messages', {
        session_id: session.id,
        content: 'x'.repeat(4001),
        client_id: randomUUID(),
      })
      expect(long).toMatchObject({ status: 400, body: { code: 'invalid_request' } })
      const empty = await call<{ code: string }>(v, 'messages', {
        session_id: session.id,
        content: '   ',
        client_id: randomUUID(),
      })
      expect(empty.status).toBe(400)
      const huge = await call<{ code: string }>(v, 'sessions', {
        chatbot: 'acmeoutdoor0001',
        attributes: { a: 'x'.repeat(70_000) },
      })
      expect(huge).toMatchObject({ status: 413, body: { code: 'payload_too_large' } })
      const badSession = await call<{ code: string }>(v, 'sessions', {
        chatbot: 'acmeoutdoor0001',
        language: 42,
      })
      expect(badSession.status).toBe(400)
      const route = await call<{ code: string }>(v, 'nothing-here', {})
      expect(route.status).toBe(404)
    })

    it('refuses callers that are not signed in', async () => {
      const res = await call<{ code: string }>(client(stack.env.SUPABASE_ANON_KEY), 'sessions', {
        chatbot: 'acmeoutdoor0001',
      })
      expect(res).toMatchObject({ status: 401, body: { code: 'not_signed_in' } })
    })

    it('refuses an unknown chatbot, another store’s session and another visitor’s session', async () => {
      const v = await visitor()
      expect(await call(v, 'sessions', { chatbot: 'doesnotexist' })).toMatchObject({
        status: 404,
        body: { code: 'unknown_chatbot' },
      })
      const other = await call(v, 'messages', {
        session_id: otherStoreSession,
        content: 'hi',
        client_id: randomUUID(),
      })
      expect(other).toMatchObject({ status: 404, body: { code: 'session_not_found' } })
      expect(
        await call(v, 'sessions', { chatbot: 'acmeoutdoor0001', session_id: otherStoreSession }),
      ).toMatchObject({
        status: 404,
        body: { code: 'session_not_found' },
      })

      const w = await visitor()
      const { session } = await start(w)
      await send(w, session.id, 'How do your jackets fit?')
      expect(
        await call(v, 'messages', { session_id: session.id, content: 'hi', client_id: randomUUID() }),
      ).toMatchObject({
        status: 404,
        body: { code: 'session_not_found' },
      })
      expect(await call(v, 'sessions', { chatbot: 'acmeoutdoor0001', session_id: session.id })).toMatchObject(
        {
          status: 404,
        },
      )
      const { data } = await v.from('messages').select('id').eq('session_id', session.id)
      expect(data).toEqual([])
    })

    it('rate-limits a visitor that opens sessions too fast', async () => {
      const v = await visitor()
      const statuses: number[] = []
      for (let i = 0; i < 21; i++)
        statuses.push((await call(v, 'sessions', { chatbot: 'acmeoutdoor0001' })).status)
      expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true)
      expect(statuses[20]).toBe(429)
    })
  })

  describe('verified identity', () => {
    const hash = (identifier: string) => createHmac('sha256', identitySecret).update(identifier).digest('hex')

    it('gives a second anonymous visitor (another device) the same contact and history', async () => {
      const identifier = `cust-${randomUUID()}`
      const laptop = await visitor()
      const first = await start(laptop, {
        identity: {
          identifier,
          identifier_hash: hash(identifier),
          email: 'robin@example.com',
          name: 'Robin',
        },
      })
      expect(first.contact.verified).toBe(true)
      await send(laptop, first.session.id, 'How do your jackets fit?')

      const phone = await visitor()
      const second = await start(phone, {
        session_id: first.session.id,
        identity: { identifier, identifier_hash: hash(identifier) },
      })
      expect(second.contact).toEqual(first.contact)
      expect(second.session.id).toBe(first.session.id)
      const { data } = await phone
        .from('messages')
        .select('content')
        .eq('session_id', first.session.id)
        .order('id')
      expect(data?.[0]?.content).toBe('How do your jackets fit?')
      const sessions = await phone.from('chat_sessions').select('id').eq('id', first.session.id)
      expect(sessions.data).toHaveLength(1)
      const continued = await send(phone, first.session.id, 'And the trousers?')
      expect(continued.message.session_id).toBe(first.session.id)
    })

    it('refuses a wrong identifier_hash, and an e-mail alone unlocks nothing', async () => {
      const identifier = `cust-${randomUUID()}`
      const owner = await visitor()
      const mine = await start(owner, {
        identity: { identifier, identifier_hash: hash(identifier), email: 'sam@example.com' },
      })
      await send(owner, mine.session.id, 'Where is my order?')

      const intruder = await visitor()
      const forged = await call(intruder, 'sessions', {
        chatbot: 'acmeoutdoor0001',
        identity: { identifier, identifier_hash: hash('someone-else'), email: 'sam@example.com' },
      })
      expect(forged).toMatchObject({ status: 401, body: { code: 'invalid_identity' } })
      const garbage = await call(intruder, 'sessions', {
        chatbot: 'acmeoutdoor0001',
        identity: { identifier, identifier_hash: 'not-hex' },
      })
      expect(garbage.status).toBe(401)

      // Same e-mail as plain data: a separate, unverified contact; the other history stays closed.
      const plain = await start(intruder, { attributes: { email: 'sam@example.com' } })
      expect(plain.contact.verified).toBe(false)
      expect(plain.contact.id).not.toBe(mine.contact.id)
      expect(
        await call(intruder, 'sessions', { chatbot: 'acmeoutdoor0001', session_id: mine.session.id }),
      ).toMatchObject({
        status: 404,
      })
      const { data } = await intruder.from('messages').select('id').eq('session_id', mine.session.id)
      expect(data).toEqual([])
    })
  })
})
