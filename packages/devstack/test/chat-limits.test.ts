import { randomUUID } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Stack } from '../src/stack.ts'
import { startTestStack, testDatabaseUrl } from '../src/testing.ts'
import { anonymousVisitor, type ChatAnswer, callChat } from './fixtures/chat-client.ts'

// The chat limits are counted in Postgres inside the transaction that stores the request, so they hold
// exactly when requests race: from one visitor, from many visitors of one chatbot, from many fresh visitors
// behind one address. A refused request stores nothing and says when to come back.
const engines = [
  { name: 'PGlite', server: undefined },
  ...(testDatabaseUrl ? [{ name: 'PostgreSQL', server: testDatabaseUrl }] : []),
]

const demoStore = 'de000000-0000-4000-8000-000000000010'
const limits = {
  CHAT_LIMIT_VISITOR_MESSAGES_PER_MINUTE: 5,
  CHAT_LIMIT_CHATBOT_MESSAGES_PER_MINUTE: 12,
  CHAT_LIMIT_VISITOR_SESSIONS_PER_HOUR: 3,
  CHAT_LIMIT_IP_FRESH_SESSIONS_PER_HOUR: 4,
}

interface Refusal {
  code: string
  message: string
  retry_after: number
}

describe.each(engines)('chat limits on $name', ({ server }) => {
  let stack: Stack
  let service: SupabaseClient

  beforeAll(async () => {
    const envFile = join(mkdtempSync(join(tmpdir(), 'parley-limits-')), 'functions.env')
    writeFileSync(
      envFile,
      Object.entries(limits)
        .map(([name, value]) => `${name}=${value}`)
        .join('\n'),
    )
    stack = await startTestStack({ databaseUrl: server, seed: true, functionsEnvFile: envFile })
    service = createClient(stack.env.SUPABASE_URL, stack.env.SUPABASE_SERVICE_ROLE_KEY, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as never },
    })
  }, 120_000)

  afterAll(async () => {
    await stack?.stop()
  })

  /** A fresh visitor with a session of `chatbot`, started from `from`. */
  async function visitorWithSession(from: string, chatbot = 'acmeoutdoor0001') {
    const visitor = await anonymousVisitor(stack)
    const started = await callChat<{ session: { id: string } }>(
      stack,
      'sessions',
      { chatbot },
      {
        token: visitor.token,
        from,
      },
    )
    expect(started.status, JSON.stringify(started.body)).toBe(200)
    return { ...visitor, sessionId: started.body.session.id }
  }

  function expectRefused(answers: ChatAnswer[], windowSeconds: number) {
    for (const answer of answers) {
      const body = answer.body as unknown as Refusal
      expect(body.code).toBe('rate_limited')
      expect(body.message).toMatch(/\w/)
      expect(body.retry_after).toBeGreaterThan(0)
      expect(body.retry_after).toBeLessThanOrEqual(windowSeconds)
      expect(answer.headers['retry-after']).toBe(String(body.retry_after))
    }
  }

  async function customerLines(sessionIds: string[]): Promise<string[]> {
    const { data, error } = await service
      .from('messages')
      .select('content')
      .in('session_id', sessionIds)
      .eq('sender', 'customer')
    if (error) throw error
    return data.map((m) => m.content as string)
  }

  it('stores exactly the allowed lines of one visitor sending many at once; the others are refused and not stored', async () => {
    const v = await visitorWithSession('127.0.0.11')
    const lines = Array.from({ length: 12 }, (_, i) => `How long does shipping take? (${i})`)
    const answers = await Promise.all(
      lines.map((content) =>
        callChat(
          stack,
          'messages',
          { session_id: v.sessionId, content, client_id: randomUUID() },
          {
            token: v.token,
            from: '127.0.0.11',
          },
        ),
      ),
    )
    const ok = answers.filter((a) => a.status === 200)
    const refused = answers.filter((a) => a.status === 429)
    expect(ok).toHaveLength(limits.CHAT_LIMIT_VISITOR_MESSAGES_PER_MINUTE)
    expect(refused).toHaveLength(lines.length - ok.length)
    expectRefused(refused, 60)
    const stored = await customerLines([v.sessionId])
    expect(stored.sort()).toEqual(
      ok.map((a) => (a.body as { message: { content: string } }).message.content).sort(),
    )
    // A line sent again with its client_id is the stored one, not a new line: it counts nothing.
    const first = ok[0]?.body as { message: { id: number; client_id: string; content: string } }
    const again = await callChat<{ message: { id: number } }>(
      stack,
      'messages',
      { session_id: v.sessionId, content: first.message.content, client_id: first.message.client_id },
      { token: v.token, from: '127.0.0.11' },
    )
    expect(again.status).toBe(200)
    expect(again.body.message.id).toBe(first.message.id)
  })

  it('stores exactly the allowed lines of a chatbot whose many visitors write at once', async () => {
    const publicId = `limits${randomUUID().slice(0, 8)}`
    await service
      .from('chatbots')
      .insert({ store_id: demoStore, name: 'Busy bot', public_id: publicId, languages: ['en'] })
      .throwOnError()
    const visitors = await Promise.all(
      Array.from({ length: 8 }, (_, i) => visitorWithSession(`127.0.1.${i + 1}`, publicId)),
    )
    const answers = await Promise.all(
      visitors.flatMap((v, i) =>
        [1, 2, 3].map((n) =>
          callChat(
            stack,
            'messages',
            { session_id: v.sessionId, content: `line ${n}`, client_id: randomUUID() },
            {
              token: v.token,
              from: `127.0.1.${i + 1}`,
            },
          ),
        ),
      ),
    )
    const ok = answers.filter((a) => a.status === 200)
    const refused = answers.filter((a) => a.status === 429)
    expect(ok).toHaveLength(limits.CHAT_LIMIT_CHATBOT_MESSAGES_PER_MINUTE)
    expect(refused).toHaveLength(answers.length - ok.length)
    expectRefused(refused, 60)
    expect(await customerLines(visitors.map((v) => v.sessionId))).toHaveLength(ok.length)
  })

  it('lets only so many fresh visitors from one address start a conversation; known visitors are not counted', async () => {
    const from = '127.0.0.99'
    const fresh = await Promise.all(Array.from({ length: 7 }, () => anonymousVisitor(stack)))
    const answers = await Promise.all(
      fresh.map((v) => callChat(stack, 'sessions', { chatbot: 'acmeoutdoor0001' }, { token: v.token, from })),
    )
    expect(answers.filter((a) => a.status === 200)).toHaveLength(limits.CHAT_LIMIT_IP_FRESH_SESSIONS_PER_HOUR)
    const refused = answers.filter((a) => a.status === 429)
    expect(refused).toHaveLength(7 - limits.CHAT_LIMIT_IP_FRESH_SESSIONS_PER_HOUR)
    expectRefused(refused, 3600)
    const refusedVisitors = fresh.filter((_, i) => answers[i]?.status === 429).map((v) => v.id)
    const { data } = await service.from('chat_sessions').select('id').in('visitor_id', refusedVisitors)
    expect(data).toEqual([])

    // A visitor who already chats (started elsewhere) may start another conversation from there.
    const known = await visitorWithSession('127.0.0.98')
    const again = await callChat(
      stack,
      'sessions',
      { chatbot: 'acmeoutdoor0001' },
      { token: known.token, from },
    )
    expect(again.status).toBe(200)
  })

  it('lets one visitor start only so many new conversations; resuming one is not a new one', async () => {
    const v = await anonymousVisitor(stack)
    const from = '127.0.0.21'
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        callChat<{ session: { id: string } }>(
          stack,
          'sessions',
          { chatbot: 'acmeoutdoor0001' },
          {
            token: v.token,
            from,
          },
        ),
      ),
    )
    const ok = answers.filter((a) => a.status === 200)
    expect(ok).toHaveLength(limits.CHAT_LIMIT_VISITOR_SESSIONS_PER_HOUR)
    expectRefused(
      answers.filter((a) => a.status === 429),
      3600,
    )
    const { data } = await service.from('chat_sessions').select('id').eq('visitor_id', v.id)
    expect(data).toHaveLength(ok.length)
    const resumed = await callChat<{ session: { id: string } }>(
      stack,
      'sessions',
      { chatbot: 'acmeoutdoor0001', session_id: ok[0]?.body.session.id, attributes: { plan: 'pro' } },
      { token: v.token, from },
    )
    expect(resumed.status).toBe(200)
    expect(resumed.body.session.id).toBe(ok[0]?.body.session.id)
  })
})
