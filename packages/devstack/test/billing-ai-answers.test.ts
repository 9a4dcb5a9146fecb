import { randomUUID } from 'node:crypto'
import { type SmtpInbox, startSmtpInbox } from '@parley/smtp-inbox'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import type { Stack } from '../src/stack.ts'
import { startTestStack, testDatabaseUrl } from '../src/testing.ts'
import { type FakeProvider, startFakeProvider } from './fixtures/fake-llm.ts'

// The plan's AI answers, through the chat function: a chatbot without a key of its own answers with
// Parley's model (PARLEY_AI_*) and each answer counts once; over the cap the retrieval responder answers
// and the owner is told (on the billing page and by email, through the local SMTP server); answers on the
// store's own key are never counted.
const demoOwner = { email: 'demo@parley.dev', password: 'parley-demo-2026' }

describe('AI answers against the plan', () => {
  let stack: Stack
  let fake: FakeProvider
  let inbox: SmtpInbox
  let service: SupabaseClient
  let storeId: string

  const client = (key: string) =>
    createClient(stack.env.SUPABASE_URL, key, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as never },
    })

  /** A chatbot of the store that knows the shipping FAQ; with `ownKey`, the store's own provider key. */
  async function chatbot(ownKey: boolean): Promise<string> {
    const publicId = `ai${randomUUID().slice(0, 8)}`
    const bot = await service
      .from('chatbots')
      .insert({ store_id: storeId, name: 'Helper', public_id: publicId, languages: ['en'] })
      .select('id')
      .single<{ id: string }>()
      .throwOnError()
    await service
      .from('faqs')
      .insert({
        store_id: storeId,
        chatbot_id: bot.data.id,
        question: 'How long does shipping take?',
        answer: 'Shipping takes 2-4 working days.',
      })
      .throwOnError()
    if (ownKey) {
      await service
        .from('chatbot_ai_settings')
        .update({ provider: 'openai', base_url: `${fake.url}/v1`, model: 'own-model', api_key: 'sk-own' })
        .eq('chatbot_id', bot.data.id)
        .throwOnError()
    }
    return publicId
  }

  type Reply = { content: string; metadata: { responder: string } }

  /** A new shopper's line to the chatbot: the bot's reply. */
  async function ask(publicId: string, content = 'How long does shipping take?'): Promise<Reply> {
    const visitor = client(stack.env.SUPABASE_ANON_KEY)
    await visitor.auth.signInAnonymously()
    const started = await visitor.functions.invoke('chat/sessions', { body: { chatbot: publicId } })
    if (started.error) throw started.error
    const sessionId = (started.data as { session: { id: string } }).session.id
    const sent = await visitor.functions.invoke('chat/messages', {
      body: { session_id: sessionId, content, client_id: randomUUID() },
    })
    if (sent.error) throw sent.error
    return (sent.data as { reply: Reply }).reply
  }

  const aiAnswersCounted = async () => {
    const { data } = await service
      .from('usage_ledger')
      .select('quantity')
      .eq('store_id', storeId)
      .eq('meter', 'ai_answers')
      .throwOnError()
    return (data ?? []).reduce((sum, row) => sum + (row as { quantity: number }).quantity, 0)
  }

  beforeAll(async () => {
    fake = await startFakeProvider()
    inbox = await startSmtpInbox()
    stack = await startTestStack({
      databaseUrl: testDatabaseUrl,
      seed: true,
      scheduler: true,
      functionsEnv: {
        PARLEY_ALLOW_PRIVATE_NETWORK: 'true',
        EMAIL_SMTP_URL: inbox.smtpUrl,
        EMAIL_FROM: 'Parley <billing@parley.test>',
        PARLEY_DASHBOARD_URL: 'http://dashboard.test',
        PARLEY_AI_PROVIDER: 'openai',
        PARLEY_AI_BASE_URL: `${fake.url}/v1`,
        PARLEY_AI_MODEL: 'parley-model',
        PARLEY_AI_API_KEY: 'sk-parley',
      },
    })
    service = client(stack.env.SUPABASE_SERVICE_ROLE_KEY)
    const owner = client(stack.env.SUPABASE_ANON_KEY)
    const { error } = await owner.auth.signInWithPassword(demoOwner)
    if (error) throw error
    const created = await owner.rpc('create_store', { p_name: 'AI Shop' })
    if (created.error) throw created.error
    storeId = (created.data as { id: string }).id
    // A plan with five AI answers a month, so both notices come within a few lines.
    await service
      .from('plans')
      .insert({ id: 'tiny_ai', name: 'Tiny', position: 99, max_ai_answers_per_month: 5 })
      .throwOnError()
    await service
      .from('store_subscriptions')
      .update({ plan_id: 'tiny_ai' })
      .eq('store_id', storeId)
      .throwOnError()
  }, 180_000)
  afterAll(async () => {
    await stack?.stop()
    await fake?.close()
    await inbox?.stop()
  })

  it("answers with Parley's model until the cap, then with the retrieval responder, and tells the owner", {
    timeout: 180_000,
  }, async () => {
    fake.requests.length = 0
    const bot = await chatbot(false)
    for (let i = 0; i < 5; i++) expect((await ask(bot)).metadata.responder).toBe('openai')
    expect(new Set(fake.requests.map((r) => (r.body as { model: string }).model))).toEqual(
      new Set(['parley-model']),
    )
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer sk-parley')
    expect(await aiAnswersCounted()).toBe(5)

    const over = await ask(bot)
    expect(over.metadata.responder).toBe('retrieval')
    expect(over.content).toContain('2-4 working days')
    expect(fake.requests).toHaveLength(5)
    expect(await aiAnswersCounted()).toBe(5)

    const { data: notices } = await service
      .from('billing_notices')
      .select('kind, message')
      .eq('store_id', storeId)
      .eq('meter', 'ai_answers')
      .order('id')
      .throwOnError()
    expect(notices).toEqual([
      { kind: 'usage_80', message: expect.stringContaining('80 % of the 5 AI answers') },
      {
        kind: 'usage_100',
        message: expect.stringContaining('the bot answers from your FAQs and knowledge without AI'),
      },
    ])

    // the owner's inbox: one email per notice, with the way to the billing page
    await vi.waitFor(() => expect(inbox.messages()).toHaveLength(2), { timeout: 90_000, interval: 250 })
    const mails = inbox.messages().sort((a, b) => a.subject.localeCompare(b.subject))
    expect(mails.map((m) => [m.to, m.subject])).toEqual([
      [['demo@parley.dev'], "AI Shop: 80 % of this period's AI answers used"],
      [['demo@parley.dev'], "AI Shop: this period's AI answers are used up"],
    ])
    expect(mails[1]?.text).toContain(`http://dashboard.test/stores/${storeId}/billing`)
  })

  it("never counts answers on the store's own key, even over the cap", async () => {
    fake.requests.length = 0
    const reply = await ask(await chatbot(true))
    expect(reply.metadata.responder).toBe('openai')
    expect(fake.requests.map((r) => (r.body as { model: string }).model)).toEqual(['own-model'])
    expect(await aiAnswersCounted()).toBe(5)
  })
})
