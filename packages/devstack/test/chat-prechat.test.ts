import { randomUUID } from 'node:crypto'
import { createClient, FunctionsHttpError, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Stack } from '../src/stack.ts'
import { startTestStack, testDatabaseUrl } from '../src/testing.ts'

// The pre-chat form through the chat function (POST /chat/form) on the seeded demo chatbot Scout, whose form
// and lead rules come from supabase/seed.sql: bad answers are refused field by field; good ones become
// contact attributes, score the lead with its reasons, pick the persona tier that opens the conversation,
// and queue the contact's Chatwoot sync; later lines recompute the score.
const engines = [
  { name: 'PGlite', server: undefined },
  ...(testDatabaseUrl ? [{ name: 'PostgreSQL', server: testDatabaseUrl }] : []),
]

interface Submitted {
  message: { sender: string; content: string; metadata: Record<string, unknown> } | null
  lead: { score: number; tier: string | null }
}

describe.each(engines)('pre-chat form on $name', ({ server }) => {
  let stack: Stack
  let service: SupabaseClient

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

  async function visitorWithSession() {
    const v = client(stack.env.SUPABASE_ANON_KEY)
    const { error } = await v.auth.signInAnonymously()
    if (error) throw error
    const started = await call<{ session: { id: string }; contact: { id: string } }>(v, 'sessions', {
      chatbot: 'acmeoutdoor0001',
    })
    expect(started.status).toBe(200)
    return { v, sessionId: started.body.session.id, contactId: started.body.contact.id }
  }

  beforeAll(async () => {
    stack = await startTestStack({ databaseUrl: server, seed: true })
    service = client(stack.env.SUPABASE_SERVICE_ROLE_KEY)
  }, 120_000)

  afterAll(async () => {
    await stack?.stop()
  })

  it('refuses bad answers with a stable code for each field (the widget words it), and stores nothing', async () => {
    const { v, sessionId, contactId } = await visitorWithSession()
    const res = await call<{ code: string; details: Record<string, string> }>(v, 'form', {
      session_id: sessionId,
      answers: { name: '', email: 'not-an-address', shopping_for: 'aliens', budget: -5, consent: false },
    })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('invalid_answers')
    expect(res.body.details).toEqual({
      name: 'required',
      email: 'invalid_email',
      shopping_for: 'invalid_option',
      budget: 'too_small',
      consent: 'consent_needed',
    })

    const unknown = await call<{ code: string }>(v, 'form', {
      session_id: sessionId,
      answers: { name: 'A', email: 'a@example.com', shopping_for: 'myself', consent: true, is_admin: true },
    })
    expect(unknown.status).toBe(400)
    const contact = await service.from('contacts').select('custom_attributes').eq('id', contactId).single()
    expect(contact.data?.custom_attributes).toEqual({})
  })

  it('turns answers into attributes and a scored lead, and opens with the tier persona', async () => {
    const { v, sessionId, contactId } = await visitorWithSession()
    const res = await call<Submitted>(v, 'form', {
      session_id: sessionId,
      locale: 'en-GB',
      answers: {
        name: 'Ana',
        email: 'Ana@Example.com',
        shopping_for: 'business',
        budget: '1200',
        consent: true,
      },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    // base 10 + business 35 + budget 25 + e-mail 15
    expect(res.body.lead).toEqual({ score: 85, tier: 'Outfitter' })
    expect(res.body.message).toMatchObject({
      sender: 'bot',
      metadata: { kind: 'opening', tier: 'Outfitter' },
    })
    expect(res.body.message?.content).toMatch(/^Hi Ana, I'm Scout, your outfitter .* budget of EUR 1200/)

    const contact = await service
      .from('contacts')
      .select('email, name, lead_score, custom_attributes')
      .eq('id', contactId)
      .single()
    expect(contact.data).toMatchObject({
      email: 'ana@example.com',
      name: 'Ana',
      lead_score: 85,
      custom_attributes: { shopping_for: 'business', budget: 1200, consent: true },
    })
    const lead = await service
      .from('session_leads')
      .select('score, tier, reasons')
      .eq('session_id', sessionId)
      .single()
    expect(lead.data?.reasons).toEqual([
      { reason: 'Buying for a business', points: 35 },
      { reason: 'Budget of EUR 500 or more', points: 25 },
      { reason: 'Left an e-mail address', points: 15 },
    ])
    // The visitor sees the opening, never why they were scored.
    const mine = await v.from('messages').select('content').eq('session_id', sessionId)
    expect(mine.data?.map((m) => m.content)).toEqual([res.body.message?.content])
    expect((await v.from('session_leads').select('score')).data).toEqual([])
    // The contact (now with an e-mail) goes to Chatwoot with its score.
    const jobs = await service
      .from('outbox')
      .select('topic')
      .eq('topic', 'chatwoot.sync_contact')
      .contains('payload', { contact_id: contactId })
    expect(jobs.data?.length).toBeGreaterThan(0)

    // Sending the form again keeps the one opening.
    const again = await call<Submitted>(v, 'form', {
      session_id: sessionId,
      answers: { name: 'Ana', email: 'ana@example.com', shopping_for: 'myself', consent: true },
    })
    // An optional answer left out keeps the one given before (budget): attributes merge.
    expect(again.body).toMatchObject({ message: null, lead: { score: 50, tier: 'Advisor' } })
  })

  it('recomputes the score as the conversation goes', async () => {
    const { v, sessionId } = await visitorWithSession()
    await call<Submitted>(v, 'form', {
      session_id: sessionId,
      answers: { name: 'Bo', email: 'bo@example.com', shopping_for: 'team_or_club', consent: true },
    })
    const score = async () =>
      (await service.from('chat_sessions').select('lead_score').eq('id', sessionId).single()).data?.lead_score
    expect(await score()).toBe(45)
    const sent = await call(v, 'messages', {
      session_id: sessionId,
      content: 'Can we get a quote for 40 units for our club?',
      client_id: randomUUID(),
    })
    expect(sent.status).toBe(200)
    // + bulk order 25 + prices 5
    expect(await score()).toBe(75)
    const lead = await service
      .from('session_leads')
      .select('tier, intents')
      .eq('session_id', sessionId)
      .single()
    expect(lead.data).toEqual({ tier: 'Outfitter', intents: ['bulk_order', 'pricing'] })
    const events = await service
      .from('automation_events')
      .select('payload')
      .eq('type', 'lead_score.changed')
      .eq('session_id', sessionId)
      .order('id')
    expect(events.data?.map((e) => e.payload)).toEqual([
      { previous: null, current: 45 },
      { previous: 45, current: 75 },
    ])
  })

  it('refuses answers for another visitor session', async () => {
    const { sessionId } = await visitorWithSession()
    const stranger = client(stack.env.SUPABASE_ANON_KEY)
    await stranger.auth.signInAnonymously()
    const res = await call<{ code: string }>(stranger, 'form', { session_id: sessionId, answers: {} })
    expect(res).toMatchObject({ status: 404, body: { code: 'session_not_found' } })
  })
})
