import { randomUUID } from 'node:crypto'
import { request } from 'node:http'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Stack } from '../src/stack.ts'
import { startTestStack, testDatabaseUrl } from '../src/testing.ts'
import { anonymousVisitor, callChat, type Visitor } from './fixtures/chat-client.ts'

// What the chat API does with input from the public internet: every body is capped before it is parsed,
// text Postgres cannot store is refused, contact attributes cannot grow request by request, and no input,
// however malformed or hostile, gets a 5xx or stores anything it should not.
const engines = [
  { name: 'PGlite', server: undefined },
  ...(testDatabaseUrl ? [{ name: 'PostgreSQL', server: testDatabaseUrl }] : []),
]

const MAX_BODY = 64 * 1024

describe.each(engines)('chat input on $name', ({ server }) => {
  let stack: Stack
  let service: SupabaseClient

  beforeAll(async () => {
    stack = await startTestStack({ databaseUrl: server, seed: true })
    service = createClient(stack.env.SUPABASE_URL, stack.env.SUPABASE_SERVICE_ROLE_KEY, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as never },
    })
  }, 120_000)

  afterAll(async () => {
    await stack?.stop()
  })

  async function visitorWithSession(): Promise<Visitor & { sessionId: string }> {
    const visitor = await anonymousVisitor(stack)
    const started = await callChat<{ session: { id: string } }>(
      stack,
      'sessions',
      { chatbot: 'acmeoutdoor0001' },
      { token: visitor.token },
    )
    expect(started.status, JSON.stringify(started.body)).toBe(200)
    return { ...visitor, sessionId: started.body.session.id }
  }

  async function storedLines(sessionId: string): Promise<string[]> {
    const { data, error } = await service
      .from('messages')
      .select('content')
      .eq('session_id', sessionId)
      .eq('sender', 'customer')
    if (error) throw error
    return data.map((m) => m.content as string)
  }

  async function attributesOf(visitorId: string): Promise<Record<string, unknown>> {
    const { data, error } = await service
      .from('contacts')
      .select('custom_attributes')
      .eq('visitor_id', visitorId)
      .single()
    if (error) throw error
    return data.custom_attributes as Record<string, unknown>
  }

  it('refuses NUL characters and lone surrogates with 400 invalid_text, storing nothing', async () => {
    const v = await visitorWithSession()
    const line = (content: string) =>
      callChat(
        stack,
        'messages',
        `{"session_id":"${v.sessionId}","client_id":"${randomUUID()}","content":"${content}"}`,
        { token: v.token, raw: true },
      )
    for (const hostile of ['a\\u0000b', '\\ud800 alone', 'end \\udfff', '\\udc00\\ud800']) {
      const answer = await line(hostile)
      expect(answer.status, hostile).toBe(400)
      expect(answer.body).toMatchObject({ code: 'invalid_text' })
    }
    const attributes = await callChat(
      stack,
      'sessions',
      '{"chatbot":"acmeoutdoor0001","attributes":{"plan\\u0000":"x"}}',
      { token: v.token, raw: true },
    )
    expect(attributes).toMatchObject({ status: 400, body: { code: 'invalid_text' } })
    const name = await callChat(
      stack,
      'sessions',
      '{"chatbot":"acmeoutdoor0001","identity":{"identifier":"a","identifier_hash":"b","name":"\\ud83d"}}',
      { token: v.token, raw: true },
    )
    expect(name).toMatchObject({ status: 400, body: { code: 'invalid_text' } })
    const bytes = await callChat(stack, 'messages', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), {
      token: v.token,
      raw: true,
    })
    expect(bytes).toMatchObject({ status: 400, body: { code: 'invalid_json' } })
    expect(await storedLines(v.sessionId)).toEqual([])
  })

  it('answers 413 to a body declared too large before it has been sent', async () => {
    const v = await visitorWithSession()
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${stack.env.FUNCTIONS_URL}/chat/messages`, {
        method: 'POST',
        headers: {
          apikey: stack.env.SUPABASE_ANON_KEY,
          authorization: `Bearer ${v.token}`,
          'content-type': 'application/json',
          // past the chat's own limit, within the gateway's (which answers larger ones itself)
          'content-length': String(512 * 1024),
        },
      })
      req.on('response', (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() })
          req.destroy()
        })
      })
      req.on('error', reject)
      // 512 KB announced, a few bytes sent, and the rest never comes: the answer must not wait for it.
      req.write(`{"session_id":"${v.sessionId}","client_id":"${randomUUID()}","content":"`)
    })
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'payload_too_large' })
  })

  it('answers 413 to a streamed body that grows past the limit without a length', async () => {
    const v = await visitorWithSession()
    const answer = await new Promise<number>((resolve, reject) => {
      const req = request(`${stack.env.FUNCTIONS_URL}/chat/sessions`, {
        method: 'POST',
        headers: {
          apikey: stack.env.SUPABASE_ANON_KEY,
          authorization: `Bearer ${v.token}`,
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
        },
      })
      req.on('response', (res) => {
        resolve(res.statusCode ?? 0)
        req.destroy()
      })
      req.on('error', reject)
      req.write('{"chatbot":"acmeoutdoor0001","attributes":{"a":"')
      const chunk = 'x'.repeat(8 * 1024)
      let sent = 0
      const more = () => {
        // keeps sending until the answer arrives (at most twice the limit)
        while (sent < 2 * MAX_BODY && req.write(chunk)) sent += chunk.length
        if (sent < 2 * MAX_BODY) req.once('drain', more)
      }
      more()
    })
    expect(answer).toBe(413)
    expect(await attributesOf(v.id)).toEqual({})
  })

  it('caps a contact’s attributes in total, across requests: 50 of them and 16 KB', async () => {
    const v = await visitorWithSession()
    const attrs = (prefix: string, count: number, size = 10) =>
      Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, 'v'.repeat(size)]))
    const resume = (attributes: Record<string, string>) =>
      callChat(
        stack,
        'sessions',
        { chatbot: 'acmeoutdoor0001', session_id: v.sessionId, attributes },
        {
          token: v.token,
        },
      )

    expect((await resume(attrs('a', 30))).status).toBe(200)
    const tooMany = await resume(attrs('b', 30))
    expect(tooMany).toMatchObject({ status: 400, body: { code: 'too_many_attributes' } })
    expect(Object.keys(await attributesOf(v.id))).toHaveLength(30)
    // Changing known ones is fine, however often.
    expect((await resume(attrs('a', 30, 20))).status).toBe(200)
    expect((await resume(attrs('b', 20))).status).toBe(200)
    expect(Object.keys(await attributesOf(v.id))).toHaveLength(50)

    const w = await visitorWithSession()
    const big = (prefix: string) =>
      callChat(
        stack,
        'sessions',
        { chatbot: 'acmeoutdoor0001', session_id: w.sessionId, attributes: attrs(prefix, 6, 1000) },
        { token: w.token },
      )
    expect((await big('a')).status).toBe(200)
    expect((await big('b')).status).toBe(200)
    expect(await big('c')).toMatchObject({ status: 400, body: { code: 'too_many_attributes' } })
    expect(Object.keys(await attributesOf(w.id))).toHaveLength(12)
  })

  it('refuses fields it does not know', async () => {
    const v = await visitorWithSession()
    const answer = await callChat(
      stack,
      'messages',
      { session_id: v.sessionId, client_id: randomUUID(), content: 'hi', sender: 'bot' },
      { token: v.token },
    )
    expect(answer).toMatchObject({ status: 400, body: { code: 'invalid_request' } })
    expect(await storedLines(v.sessionId)).toEqual([])
  })

  it('never answers 5xx to malformed, oversized or hostile input, and stores only what it accepted', async () => {
    const me = await visitorWithSession()
    const victim = await visitorWithSession()
    const victimSaid = await callChat(
      stack,
      'messages',
      { session_id: victim.sessionId, client_id: randomUUID(), content: 'my private question' },
      { token: victim.token },
    )
    expect(victimSaid.status).toBe(200)

    // Mostly well-formed requests with one thing wrong (or nothing), and now and then anything at all.
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }), // any UTF-16 code units: lone surrogates, NULs
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.constantFrom('', '   ', 'How long does shipping take?', 'x'.repeat(4001), '\u0000', '\ud800'),
    )
    const junk = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.jsonValue())
    const often = <T>(good: fc.Arbitrary<T>) =>
      fc.oneof({ weight: 8, arbitrary: good }, { weight: 1, arbitrary: junk })
    const sessionId = often(fc.constantFrom(me.sessionId, me.sessionId, victim.sessionId, randomUUID()))
    const line = fc.constantFrom('How long does shipping take?', 'Can I return my boots?', 'Hi!')
    const message = fc
      .record({
        session_id: sessionId,
        content: often(
          fc.oneof(
            { weight: 3, arbitrary: line },
            { weight: 1, arbitrary: text },
            { weight: 2, arbitrary: fc.constantFrom('a\u0000b', '\ud800?', 'x\udfff') },
          ),
        ),
        client_id: often(fc.uuid()),
      })
      .chain((valid) =>
        fc.oneof(
          { weight: 6, arbitrary: fc.constant<Record<string, unknown>>(valid) },
          { weight: 1, arbitrary: junk.map((extra) => ({ ...valid, extra })) }, // a field we do not know
          { weight: 1, arbitrary: fc.constant({ content: valid.content }) }, // fields missing
        ),
      )
    const session = fc.record(
      {
        chatbot: often(fc.constantFrom('acmeoutdoor0001', 'nosuchbot')),
        session_id: sessionId,
        identity: often(
          fc.record({ identifier: text, identifier_hash: fc.stringMatching(/^[0-9a-f]{64}$/), name: text }),
        ),
        attributes: often(
          fc.dictionary(text, fc.oneof(text, fc.double(), fc.boolean(), junk), { maxKeys: 8 }),
        ),
        language: often(fc.constantFrom('en', 'de-AT')),
      },
      { requiredKeys: ['chatbot'] },
    )
    const body = (shape: fc.Arbitrary<unknown>) =>
      fc.oneof(
        { weight: 6, arbitrary: shape.map((value) => JSON.stringify(value)) },
        { weight: 1, arbitrary: text }, // not JSON at all, or JSON of the wrong kind
        { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
        { weight: 1, arbitrary: shape.map((value) => JSON.stringify(value).slice(0, -1)) }, // cut short
        { weight: 1, arbitrary: fc.constant(`{"content":"${'x'.repeat(MAX_BODY)}"}`) },
      )
    const token = fc.oneof(
      { weight: 8, arbitrary: fc.constant(me.token) },
      { weight: 1, arbitrary: fc.constantFrom('', 'not-a-jwt', `${me.token.slice(0, -4)}AAAA`) },
      { weight: 1, arbitrary: fc.constant(stack.env.SUPABASE_ANON_KEY) },
    )
    const request = fc.oneof(
      fc.record({ route: fc.constant('messages'), body: body(message), token }),
      fc.record({ route: fc.constant('sessions'), body: body(session), token }),
      fc.record({
        route: fc.constant('sessions'),
        body: fc
          .constantFrom(
            { chatbot: 'acmeoutdoor0001' },
            { chatbot: 'acmeoutdoor0001', session_id: me.sessionId },
          )
          .map((value) => JSON.stringify(value)),
        token,
      }),
    )

    const acceptedLines = new Set<string>()
    const startedSessions = new Set<string>([me.sessionId])
    await fc.assert(
      fc.asyncProperty(request, async ({ route, body, token }) => {
        const answer = await callChat<Record<string, { id: string; client_id?: string }>>(
          stack,
          route,
          body,
          {
            ...(token ? { token } : {}),
            raw: true,
          },
        )
        expect(answer.status, `${route} ${String(body).slice(0, 200)}`).toBeLessThan(500)
        expect([200, 400, 401, 404, 405, 413, 429]).toContain(answer.status)
        if (answer.status === 200 && route === 'messages') acceptedLines.add(String(answer.body.message?.id))
        if (answer.status === 200 && route === 'sessions')
          startedSessions.add(String(answer.body.session?.id))
      }),
      { numRuns: 250 },
    )

    expect(await storedLines(victim.sessionId)).toEqual(['my private question'])
    const { data: mine } = await service
      .from('messages')
      .select('id, session_id')
      .eq('sender', 'customer')
      .in('session_id', [...startedSessions])
    expect(new Set(mine?.map((m) => String(m.id)))).toEqual(acceptedLines)
    const { data: sessions } = await service.from('chat_sessions').select('id').eq('visitor_id', me.id)
    expect(new Set(sessions?.map((s) => s.id))).toEqual(startedSessions)
  })
})
