// POST /chat/messages: chat_post_message (through chat_post_line, which adds the lead facts) checks the
// visitor may use the session, counts the limits, stores the line once per client_id and retrieves from the
// chatbot's FAQs and knowledge; the bot's logic (_shared/ai) answers and the lead rules (_shared/leads)
// score; chat_store_reply (through chat_store_line, which stores a changed lead first) stores the line's analysis, the session's state and the reply (its
// INSERT is what realtime delivers to the widget). With the retrieval responder both calls are one
// transaction: one commit per line. With a model the line is committed first (and the bot's typing
// broadcast), so a slow or failing provider never loses it.
import {
  analyze,
  contentInLanguage,
  createProvider,
  detectLanguage,
  type Hit,
  handoffReason,
  type ImageAnalysis,
  intent,
  LlmResponder,
  memoryWindow,
  otherLanguageNotice,
  ProviderError,
  phrases,
  type Responder,
  type ResponderResult,
  RetrievalResponder,
  runningSentiment,
  summarize,
  type Turn,
  withoutSecret,
} from '../_shared/ai/index.ts'
import { aiKey } from './ai-key.ts'
import type { Visitor } from './context.ts'
import { begin, type Rpc, rpc, type Transaction } from './db.ts'
import { assessLead, changedLead, type LeadFacts, responderPersona } from './lead.ts'
import { chatLimits } from './limits.ts'
import { botOffer } from './offers.ts'
import { parleyAi } from './parley-ai.ts'
import type { MessageInput } from './schemas.ts'
import type { Timing } from './timing.ts'

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

export interface Sent {
  message: MessageRow
  reply: MessageRow | null
  handoff: boolean
}

interface AiSettings {
  provider: 'openai' | 'anthropic'
  base_url: string | null
  model: string
  /** Encrypted (or, stored before keys were, plain): aiKey() opens it. */
  api_key: string
  timeout_ms: number
  max_tokens: number
}

/** What chat_post_message returns for a line stored by an earlier request with the same client_id. */
interface StoredBefore extends Sent {
  duplicate: true
  answered: boolean
}

/** What chat_post_message returns for a line it just stored. */
interface Accepted {
  duplicate: false
  message: MessageRow
  answered: boolean
  /** The bot's typing was broadcast (a model will answer): chat_store_reply stops it. */
  typing: boolean
  session: {
    id: string
    status: 'bot' | 'queued' | 'human' | 'resolved'
    sentiment: number | null
    lead_score: number | null
    language: string | null
    summary: string
  }
  chatbot: { name: string; persona: string; languages: string[] }
  store_name: string
  ai: AiSettings | null
  contact: { email: string | null; verified: boolean } | null
  history: (Turn & { metadata: { kind?: string } })[]
  hits: Hit[]
  lead: LeadFacts
  /** The session's latest images and their analysis, oldest first. */
  images: ImageAnalysis[]
}

interface Outcome {
  sentiment: number
  intent: string
  typing: boolean
  session: {
    language: string
    sentiment: number
    summary?: string
    status?: 'bot' | 'queued'
  }
  reply?: { content: string; metadata: Record<string, unknown> }
  failure?: { provider: string; kind: string; http_status: number | null; detail: string }
}

function responderFor(settings: AiSettings | null, apiKey: string): Responder {
  if (!settings) return new RetrievalResponder()
  const provider = createProvider(settings.provider, {
    apiKey,
    model: settings.model,
    baseUrl: settings.base_url,
    timeoutMs: settings.timeout_ms,
  })
  return new LlmResponder(provider, { maxTokens: settings.max_tokens })
}

const post = (db: Rpc, input: MessageInput, visitor: Visitor) =>
  db<Accepted | StoredBefore>('chat_post_line', {
    p_visitor: visitor.id,
    p_session_id: input.session_id,
    p_client_id: input.client_id,
    p_content: input.content,
    // Asking for a person is answered by the rules: nothing to search for.
    p_retrieve: intent(input.content) !== 'human_request',
    p_limits: chatLimits,
  })

/**
 * A line sent again (the widget's queue resends after a lost answer): the stored pair. Its first request may
 * still be answering; asking again returns the reply once it is stored.
 */
async function storedPair(first: StoredBefore, input: MessageInput, visitor: Visitor): Promise<Sent> {
  const deadline = Date.now() + 8000
  let pair = first
  while (pair.answered && !pair.reply && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200))
    const again = await post(rpc, input, visitor)
    if (again.duplicate) pair = again
  }
  return { message: pair.message, reply: pair.reply, handoff: pair.handoff }
}

/**
 * The line's transaction: open while the reply is decided, so a retrieval reply commits with its line; a
 * model may take seconds or fail, so the line is committed before one is asked (and later calls run alone).
 */
class LineTransaction {
  constructor(private readonly tx: Transaction) {}
  private open = true
  get db(): Rpc {
    return this.open ? this.tx.rpc : rpc
  }
  async commit(): Promise<void> {
    this.open = false
    await this.tx.commit()
  }
}

export async function postMessage(input: MessageInput, visitor: Visitor, timing: Timing): Promise<Sent> {
  const tx = await begin()
  try {
    const line = new LineTransaction(tx)
    const accepted = await post(line.db, input, visitor)
    timing.step('accept')
    if (accepted.duplicate) {
      await line.commit()
      return storedPair(accepted, input, visitor)
    }
    if (accepted.ai) await line.commit()
    const sent = await answer(input, accepted, line, timing)
    await line.commit()
    timing.step('commit')
    return sent
  } finally {
    await tx.release()
  }
}

/**
 * The model that answers: the chatbot's own (never counted), else Parley's while the plan has AI answers
 * left (one counted for this line), else none (the retrieval responder).
 */
async function modelFor(accepted: Accepted, line: LineTransaction): Promise<AiSettings | null> {
  if (accepted.ai || !parleyAi) return accepted.ai
  const taken = await line.db<string>('chat_take_ai_answer', {
    p_session_id: accepted.session.id,
    p_message_id: accepted.message.id,
  })
  if (taken === 'capped') return null
  await line.commit()
  return parleyAi
}

/** How long a line waits for the analysis of a photo sent just before it (the fake or a model takes ~1-5 s). */
const IMAGE_WAIT_MS = 8000
/** A photo still pending after this long is stuck (its job retries): lines no longer wait for it. */
const IMAGE_STALE_MS = 60_000

/**
 * A shopper who sends a receipt and asks "where is my order?" expects the answer to use the receipt: a line
 * sent while a photo of the same session is being analysed waits for that analysis (bounded; the line is
 * committed first, so nothing is held meanwhile). Past the bound the bot answers without it; the agent and
 * the image trigger still get the analysis.
 */
async function settledImages(accepted: Accepted, line: LineTransaction): Promise<ImageAnalysis[]> {
  const pending = (images: ImageAnalysis[]) =>
    images.some((i) => i.status === 'pending' && Date.now() - Date.parse(i.sent_at ?? '') < IMAGE_STALE_MS)
  let images = accepted.images ?? []
  if (!pending(images)) return images
  await line.commit()
  const deadline = Date.now() + IMAGE_WAIT_MS
  while (pending(images) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    images = await rpc<ImageAnalysis[]>('chat_image_analyses', { p_session_id: accepted.session.id })
  }
  return images
}

/** The bot's logic for a line just stored, and its outcome stored in the line's transaction. */
async function answer(
  input: MessageInput,
  accepted: Accepted,
  line: LineTransaction,
  timing: Timing,
): Promise<Sent> {
  const { session, chatbot, history: past } = accepted

  // The visitor may switch to another of the chatbot's languages: answer (and score) in that one.
  const language = detectLanguage(
    input.content,
    chatbot.languages,
    session.language ?? chatbot.languages[0] ?? 'en',
  )
  const analysis = analyze(input.content, language)
  const lastBot = [...past].reverse().find((t) => t.sender === 'bot')
  const customerMessages = past.filter((t) => t.sender === 'customer').length + 1
  const sessionSentiment = runningSentiment(session.sentiment, analysis.sentiment)
  // Recomputed from everything known each line; stored (chat_store_line) only when it changed.
  const { lead, tier, answers } = assessLead(accepted.lead, { line: input.content, customerMessages })
  const outcome: Outcome = {
    sentiment: analysis.sentiment,
    intent: analysis.intent,
    typing: accepted.typing,
    session: {
      language,
      sentiment: sessionSentiment,
    },
  }
  const store = async (o: Outcome) => {
    timing.step('respond')
    const sent = await line.db<Sent>('chat_store_line', {
      p_session_id: session.id,
      p_message_id: accepted.message.id,
      p_outcome: o,
      p_lead: changedLead(accepted.lead, lead),
    })
    timing.step('store')
    return sent
  }

  // With a person (or waiting for one): nothing for the bot to say. A session resolved in Chatwoot goes
  // back to its agents (the outbox forwards the line, which reopens the conversation).
  if (!accepted.answered) {
    if (session.status === 'resolved') outcome.session.status = 'queued'
    return store(outcome)
  }
  if (session.status === 'resolved') outcome.session.status = 'bot'

  const say = phrases(language)
  const reason = handoffReason(analysis, {
    history: past,
    lastBotOfferedHuman: lastBot?.metadata?.kind === 'offer_human',
    sessionSentiment,
    customerMessages,
  })

  // The store's own offers (its booking page, its payable items) come before any responder.
  const offer = reason
    ? null
    : await botOffer(line.db, {
        text: input.content,
        sessionId: session.id,
        messageId: accepted.message.id,
        language,
        lastBotKind: lastBot?.metadata?.kind,
      })

  let result: ResponderResult
  if (offer) {
    result = offer.result
  } else if (reason) {
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
    // Answered from the visitor's language where the store wrote content in it.
    const content = contentInLanguage(accepted.hits, language)
    let apiKey = ''
    let responderName: string = accepted.ai?.provider ?? 'retrieval'
    try {
      const settings = await modelFor(accepted, line)
      responderName = settings?.provider ?? 'retrieval'
      // Parley's key comes from the environment in the clear; a chatbot's own is stored encrypted.
      if (settings)
        apiKey =
          settings === accepted.ai ? await aiKey(settings.api_key, settings.provider) : settings.api_key
      const responder = responderFor(settings, apiKey)
      responderName = responder.name
      const images = await settledImages(accepted, line)
      result = await responder.respond({
        text: input.content,
        language,
        history: past,
        summary: session.summary,
        hits: content.hits,
        analysis,
        persona: responderPersona(chatbot.persona, tier, answers),
        botName: chatbot.name,
        storeName: accepted.store_name,
        images,
      })
      // A model answers in the visitor's language anyway; the store's own words are quoted as written.
      if (content.otherLanguage && responderName === 'retrieval' && result.kind !== 'offer_human') {
        result.content = `${otherLanguageNotice(language, content.otherLanguage)}\n\n${result.content}`
      }
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error
      outcome.failure = {
        provider: error.provider,
        kind: error.kind,
        http_status: error.status ?? null,
        // The providers already leave the key out of their messages; this holds for any other error too.
        detail: (apiKey ? withoutSecret(error.message, apiKey) : error.message).slice(0, 2000),
      }
      result = {
        content: say.fallback,
        kind: 'fallback',
        handoff: false,
        confidence: 0,
        sources: [],
        responder: responderName,
      }
    }
  }

  outcome.reply = {
    content: result.content,
    metadata: {
      kind: result.kind,
      responder: result.responder,
      confidence: result.confidence,
      sources: result.sources,
      ...(reason ? { handoff_reason: reason } : {}),
      ...offer?.metadata,
      ...(outcome.failure ? { failure: outcome.failure.kind } : {}),
    },
  }
  const turns = [
    ...past,
    { sender: 'customer' as const, content: input.content },
    { sender: 'bot' as const, content: result.content },
  ]
  outcome.session.summary = summarize(session.summary, memoryWindow(turns, 10).dropped)
  if (result.handoff) outcome.session.status = 'queued'
  return store(outcome)
}
