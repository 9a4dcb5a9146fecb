// POST /chat/messages: store the visitor's message once (per client_id), answer it, store the answer.
import {
  analyze,
  createProvider,
  detectLanguage,
  type Hit,
  handoffReason,
  LlmResponder,
  leadScore,
  memoryWindow,
  ProviderError,
  phrases,
  type Responder,
  type ResponderResult,
  RetrievalResponder,
  runningSentiment,
  summarize,
  type Turn,
} from '../_shared/ai/index.ts'
import { broadcastTyping } from '../_shared/typing.ts'
import {
  assertVisitorSession,
  type Db,
  must,
  ServerError,
  type SessionRow,
  sessionColumns,
  type Visitor,
} from './context.ts'
import type { MessageInput } from './schemas.ts'

export interface MessageRow {
  id: number
  store_id: string
  session_id: string
  sender: 'customer' | 'bot' | 'agent' | 'system'
  content: string
  sentiment: number | null
  intent: string | null
  client_id: string | null
  reply_to: number | null
  metadata: Record<string, unknown>
  created_at: string
  [column: string]: unknown
}

interface AiSettings {
  provider: 'openai' | 'anthropic' | null
  base_url: string | null
  model: string | null
  api_key: string | null
  timeout_ms: number
  max_tokens: number
}

const withHuman = new Set(['queued', 'human'])

/** The bot's reply to a stored customer message; a concurrent first request may still be writing it. */
async function replyTo(db: Db, message: MessageRow, waitMs: number): Promise<MessageRow | null> {
  const deadline = Date.now() + waitMs
  for (;;) {
    const reply = must(
      await db
        .from('messages')
        .select('*')
        .eq('store_id', message.store_id)
        .eq('session_id', message.session_id)
        .eq('reply_to', message.id)
        .order('id')
        .limit(1)
        .maybeSingle(),
      'reading the reply',
    ) as MessageRow | null
    if (reply || Date.now() >= deadline) return reply
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

async function storedPair(db: Db, session: SessionRow, message: MessageRow) {
  const answered = message.metadata?.answered !== false
  const reply = answered ? await replyTo(db, message, 8000) : null
  return { message, reply, handoff: withHuman.has((await currentStatus(db, session)) ?? session.status) }
}

async function currentStatus(db: Db, session: SessionRow): Promise<string | null> {
  const row = must(
    await db
      .from('chat_sessions')
      .select('status')
      .eq('id', session.id)
      .eq('store_id', session.store_id)
      .single(),
    'reading the session status',
  ) as { status: string }
  return row.status
}

async function existingMessage(db: Db, session: SessionRow, clientId: string): Promise<MessageRow | null> {
  return must(
    await db
      .from('messages')
      .select('*')
      .eq('store_id', session.store_id)
      .eq('session_id', session.id)
      .eq('client_id', clientId)
      .maybeSingle(),
    'looking up the client id',
  ) as MessageRow | null
}

function responderFor(settings: AiSettings | null): Responder {
  if (settings?.provider && settings.api_key && settings.model) {
    const provider = createProvider(settings.provider, {
      apiKey: settings.api_key,
      model: settings.model,
      baseUrl: settings.base_url,
      timeoutMs: settings.timeout_ms,
    })
    return new LlmResponder(provider, { maxTokens: settings.max_tokens })
  }
  return new RetrievalResponder()
}

export async function postMessage(db: Db, input: MessageInput, visitor: Visitor) {
  const found = must(
    await db.from('chat_sessions').select(sessionColumns).eq('id', input.session_id).maybeSingle(),
    'finding the session',
  ) as SessionRow | null
  const session = await assertVisitorSession(db, found, visitor)
  const store = session.store_id

  const duplicate = await existingMessage(db, session, input.client_id)
  if (duplicate) return storedPair(db, session, duplicate)

  const [botResult, storeResult, settingsResult, historyResult, contactResult] = await Promise.all([
    db
      .from('chatbots')
      .select('name, persona, languages')
      .eq('id', session.chatbot_id)
      .eq('store_id', store)
      .single(),
    db.from('stores').select('name').eq('id', store).single(),
    db
      .from('chatbot_ai_settings')
      .select('provider, base_url, model, api_key, timeout_ms, max_tokens')
      .eq('chatbot_id', session.chatbot_id)
      .eq('store_id', store)
      .maybeSingle(),
    db
      .from('messages')
      .select('sender, content, metadata')
      .eq('store_id', store)
      .eq('session_id', session.id)
      .eq('is_private', false)
      .order('id', { ascending: false })
      .limit(30),
    session.contact_id
      ? db
          .from('contacts')
          .select('email, verified')
          .eq('id', session.contact_id)
          .eq('store_id', store)
          .maybeSingle()
      : Promise.resolve({ data: null, error: null }),
  ])
  const bot = must(botResult, 'reading the chatbot') as { name: string; persona: string; languages: string[] }
  const storeName = (must(storeResult, 'reading the store') as { name: string }).name
  const settings = must(settingsResult, 'reading the AI settings') as AiSettings | null
  const past = (
    must(historyResult, 'reading the history') as (Turn & { metadata: Record<string, unknown> })[]
  ).reverse()
  const contact = must(contactResult, 'reading the contact') as {
    email: string | null
    verified: boolean
  } | null

  // The visitor may switch to another of the chatbot's languages: answer (and score) in that one.
  const language = detectLanguage(input.content, bot.languages, session.language ?? bot.languages[0] ?? 'en')
  const analysis = analyze(input.content, language)
  const lastBot = [...past].reverse().find((t) => t.sender === 'bot')
  const customerMessages = past.filter((t) => t.sender === 'customer').length + 1
  const sessionSentiment = runningSentiment(session.sentiment, analysis.sentiment)
  // A session resolved in Chatwoot goes back to its agents (the outbox forwards the message, which
  // reopens the conversation), not to the bot.
  const backToAgents = session.status === 'resolved' && session.chatwoot_conversation_id != null
  const answered = !withHuman.has(session.status) && !backToAgents

  const inserted = await db
    .from('messages')
    .insert({
      store_id: store,
      session_id: session.id,
      sender: 'customer',
      author_id: null,
      content: input.content,
      client_id: input.client_id,
      sentiment: analysis.sentiment,
      intent: analysis.intent,
      metadata: { answered },
    })
    .select('*')
    .single()
  if (inserted.error?.code === '23505') {
    // The same client_id raced in from another request: that one answers it.
    const winner = await existingMessage(db, session, input.client_id)
    if (winner) return storedPair(db, session, winner)
  }
  const message = must(inserted, 'storing the message') as MessageRow

  const sessionUpdate: Record<string, unknown> = {
    language,
    sentiment: sessionSentiment,
    lead_score: leadScore({
      previous: session.lead_score,
      text: input.content,
      intent: analysis.intent,
      hasEmail: Boolean(contact?.email),
      verified: Boolean(contact?.verified),
      customerMessages,
    }),
  }

  // With a person (or waiting for one): nothing for the bot to say.
  if (!answered) {
    if (backToAgents) Object.assign(sessionUpdate, { status: 'queued', resolved_at: null })
    must(
      await db.from('chat_sessions').update(sessionUpdate).eq('id', session.id).eq('store_id', store),
      'updating the session',
    )
    return { message, reply: null, handoff: true }
  }
  if (session.status === 'resolved') Object.assign(sessionUpdate, { status: 'bot', resolved_at: null })

  const say = phrases(language)
  const reason = handoffReason(analysis, {
    history: past,
    lastBotOfferedHuman: lastBot?.metadata?.kind === 'offer_human',
    sessionSentiment,
    customerMessages,
  })

  let result: ResponderResult
  let failure: ProviderError | null = null
  if (reason) {
    result = {
      content:
        reason === 'negative_sentiment' || reason === 'sentiment_turned' ? say.handoffUnhappy : say.handoff,
      kind: 'handoff',
      handoff: true,
      confidence: 1,
      sources: [],
      responder: 'rules',
    }
  } else {
    await broadcastTyping(session.id, 'bot', true)
    try {
      const hits = must(
        await db.rpc('search_knowledge', {
          p_chatbot_id: session.chatbot_id,
          p_query: input.content,
          p_limit: 5,
        }),
        'searching FAQs and knowledge',
      ) as Hit[]
      const responder = responderFor(settings)
      try {
        result = await responder.respond({
          text: input.content,
          language,
          history: past,
          summary: session.summary,
          hits,
          analysis,
          persona: bot.persona,
          botName: bot.name,
          storeName,
        })
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error
        failure = error
        result = {
          content: say.fallback,
          kind: 'fallback',
          handoff: false,
          confidence: 0,
          sources: [],
          responder: responder.name,
        }
      }
    } finally {
      await broadcastTyping(session.id, 'bot', false)
    }
  }

  const reply = must(
    await db
      .from('messages')
      .insert({
        store_id: store,
        session_id: session.id,
        sender: 'bot',
        author_id: null,
        content: result.content,
        reply_to: message.id,
        metadata: {
          kind: result.kind,
          responder: result.responder,
          confidence: result.confidence,
          sources: result.sources,
          ...(reason ? { handoff_reason: reason } : {}),
          ...(failure ? { failure: failure.kind } : {}),
        },
      })
      .select('*')
      .single(),
    'storing the reply',
  ) as MessageRow

  if (failure) {
    const recorded = await db.from('responder_failures').insert({
      store_id: store,
      chatbot_id: session.chatbot_id,
      session_id: session.id,
      message_id: message.id,
      provider: failure.provider,
      kind: failure.kind,
      http_status: failure.status ?? null,
      detail: failure.message.slice(0, 2000),
    })
    if (recorded.error) console.error(`recording a responder failure: ${recorded.error.message}`)
  }

  const turns = [
    ...past,
    { sender: 'customer' as const, content: input.content },
    { sender: 'bot' as const, content: result.content },
  ]
  sessionUpdate.summary = summarize(session.summary, memoryWindow(turns, 10).dropped)
  if (result.handoff) sessionUpdate.status = 'queued'
  const updated = await db
    .from('chat_sessions')
    .update(sessionUpdate)
    .eq('id', session.id)
    .eq('store_id', store)
  if (updated.error) throw new ServerError(`updating the session: ${updated.error.message}`)

  return { message, reply, handoff: result.handoff }
}
