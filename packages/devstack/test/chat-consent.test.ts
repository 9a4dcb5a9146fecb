import { randomUUID } from 'node:crypto'
import { createClient, FunctionsHttpError, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Stack } from '../src/stack.ts'
import { startTestStack, testDatabaseUrl } from '../src/testing.ts'

// Consent enforced by the chat function, not only asked by the widget: while the demo chatbot requires it, a
// visitor who has not agreed to the current version of its text gets 409 consent_required (with that
// version) from every route that would store something, and nothing of theirs is stored. Changing the text
// (in any language) makes a new version, which a visitor mid-conversation must accept again.
const engines = [
  { name: 'PGlite', server: undefined },
  ...(testDatabaseUrl ? [{ name: 'PostgreSQL', server: testDatabaseUrl }] : []),
]

type Refusal = { code: string; message: string; details?: { version: number } }

describe.each(engines)('consent on $name', ({ server }) => {
  let stack: Stack
  let service: SupabaseClient
  const chatbot = 'acmeoutdoor0001'

  const client = (key: string) =>
    createClient(stack.env.SUPABASE_URL, key, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as never },
    })

  async function call<T>(c: SupabaseClient, route: string, body: unknown) {
    const { data, error } = await c.functions.invoke(`chat/${route}`, {
      body: body as Record<string, unknown>,
    })
    if (!error) return { status: 200, body: data as T }
    if (!(error instanceof FunctionsHttpError)) throw error
    const response = error.context as Response
    return { status: response.status, body: (await response.json()) as T }
  }

  async function visitor() {
    const v = client(stack.env.SUPABASE_ANON_KEY)
    const { data, error } = await v.auth.signInAnonymously()
    if (error || !data.user) throw error ?? new Error('no user')
    return { v, id: data.user.id }
  }

  async function stored(visitorId: string) {
    const count = async (table: string, column: string) => {
      const { count, error } = await service
        .from(table)
        .select('*', { count: 'exact', head: true })
        .eq(column, visitorId)
      if (error) throw error
      return count
    }
    return {
      sessions: await count('chat_sessions', 'visitor_id'),
      contacts: await count('contacts', 'visitor_id'),
    }
  }

  async function setConsent(values: Record<string, unknown>) {
    const { data, error } = await service
      .from('chatbots')
      .update(values)
      .eq('public_id', chatbot)
      .select('consent_version')
      .single()
    if (error) throw error
    return data.consent_version as number
  }

  const messageCount = async (sessionId: string) => {
    const { count } = await service
      .from('messages')
      .select('*', { count: 'exact', head: true })
      .eq('session_id', sessionId)
    return count
  }

  beforeAll(async () => {
    stack = await startTestStack({ databaseUrl: server, seed: true })
    service = client(stack.env.SUPABASE_SERVICE_ROLE_KEY)
  }, 120_000)

  afterAll(async () => {
    await stack?.stop()
  })

  it('stores nothing of a visitor who has not agreed, then chats once they agree', async () => {
    const version = await setConsent({ consent_required: true })
    const { v, id } = await visitor()

    const refused = await call<Refusal>(v, 'sessions', { chatbot, attributes: { plan: 'pro' } })
    expect(refused.status).toBe(409)
    expect(refused.body).toMatchObject({ code: 'consent_required', details: { version } })
    expect(await stored(id)).toEqual({ sessions: 0, contacts: 0 })

    expect((await call(v, 'consent', { chatbot, version })).status).toBe(200)
    const started = await call<{ session: { id: string } }>(v, 'sessions', { chatbot })
    expect(started.status).toBe(200)
    const sent = await call(v, 'messages', {
      session_id: started.body.session.id,
      content: 'Do you ship to Canada?',
      client_id: randomUUID(),
    })
    expect(sent.status).toBe(200)
    expect(await stored(id)).toEqual({ sessions: 1, contacts: 1 })
  })

  it('asks again when the text changes mid-conversation: every route refuses until the new version is accepted', async () => {
    const first = await setConsent({ consent_required: true })
    const { v } = await visitor()
    expect((await call(v, 'consent', { chatbot, version: first })).status).toBe(200)
    const sessionId = (await call<{ session: { id: string } }>(v, 'sessions', { chatbot })).body.session.id
    const before = await messageCount(sessionId)

    const second = await setConsent({ consent_text: `We keep this chat for 30 days. (${randomUUID()})` })
    expect(second).toBe(first + 1)

    const attempts = [
      call<Refusal>(v, 'messages', {
        session_id: sessionId,
        content: 'Hello again',
        client_id: randomUUID(),
      }),
      call<Refusal>(v, 'sessions', { chatbot, session_id: sessionId, attributes: { plan: 'pro' } }),
      call<Refusal>(v, 'sessions', { chatbot }),
      call<Refusal>(v, 'form', { session_id: sessionId, answers: { name: 'Ana' } }),
      call<Refusal>(v, 'attachments/sign', {
        session_id: sessionId,
        name: 'receipt.png',
        type: 'image/png',
        size: 1000,
      }),
    ]
    for (const refused of await Promise.all(attempts)) {
      expect(refused.status).toBe(409)
      expect(refused.body).toMatchObject({ code: 'consent_required', details: { version: second } })
    }
    expect(await messageCount(sessionId)).toBe(before)

    // Agreeing to the text shown before the change is not agreeing to the current one.
    const stale = await call<Refusal>(v, 'consent', { chatbot, version: first })
    expect(stale).toMatchObject({ status: 409, body: { code: 'consent_outdated' } })

    expect((await call(v, 'consent', { chatbot, version: second })).status).toBe(200)
    const sent = await call(v, 'messages', {
      session_id: sessionId,
      content: 'Hello again',
      client_id: randomUUID(),
    })
    expect(sent.status).toBe(200)
    expect(await messageCount(sessionId)).toBeGreaterThan(before ?? 0)
  })

  it('a new version for a change in any language; the widget reads every variant', async () => {
    const before = await setConsent({ consent_required: true })
    const after = await setConsent({ consent_texts: { de: `Wir speichern diesen Chat. (${randomUUID()})` } })
    expect(after).toBe(before + 1)
    const anon = client(stack.env.SUPABASE_ANON_KEY)
    const { data } = await anon.rpc('widget_consent', { p_public_id: chatbot })
    expect(data).toMatchObject({
      required: true,
      version: after,
      texts: { de: expect.stringContaining('Wir') },
    })
  })

  it('records the words a German visitor read, in German, and the main text for a language without its own', async () => {
    const german = `Wir speichern diesen Chat, damit wir antworten können. (${randomUUID()})`
    const version = await setConsent({ consent_required: true, consent_texts: { de: german } })
    const main = (await service.from('chatbots').select('consent_text').eq('public_id', chatbot).single())
      .data?.consent_text as string

    const de = await visitor()
    const recorded = await call<{ language: string }>(de.v, 'consent', { chatbot, version, locale: 'de-AT' })
    expect(recorded).toMatchObject({ status: 200, body: { language: 'de' } })
    const fr = await visitor()
    expect((await call(fr.v, 'consent', { chatbot, version, locale: 'fr' })).status).toBe(200)

    const { data, error } = await service
      .from('consents')
      .select('visitor_id, consent_text, language, consent_version')
      .in('visitor_id', [de.id, fr.id])
    if (error) throw error
    expect(data).toEqual(
      expect.arrayContaining([
        { visitor_id: de.id, consent_text: german, language: 'de', consent_version: version },
        { visitor_id: fr.id, consent_text: main, language: 'en', consent_version: version },
      ]),
    )
    // The words are the server's: a client cannot choose them.
    const forged = await call<Refusal>(de.v, 'consent', { chatbot, version, locale: 'de', text: 'Anything' })
    expect(forged.status).toBe(400)
  })

  it('asks nothing once the store switches consent off', async () => {
    await setConsent({ consent_required: false })
    const { v } = await visitor()
    const started = await call<{ session: { id: string } }>(v, 'sessions', { chatbot })
    expect(started.status).toBe(200)
  })
})
