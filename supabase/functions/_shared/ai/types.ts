/** One earlier message of the conversation, oldest first. */
export interface Turn {
  sender: 'customer' | 'bot' | 'agent' | 'system'
  content: string
}

/** A retrieved FAQ or knowledge passage (one row of `public.search_knowledge`). */
export interface Hit {
  kind: 'faq' | 'knowledge'
  id: string
  /** The FAQ question, or the knowledge document's title. */
  title: string
  /** The FAQ answer, or the chunk's text. */
  content: string
  rank: number
  /** Share of the query's words found in the title (0..1). */
  title_coverage: number
  /** Share of the query's words found anywhere in the hit (0..1). */
  coverage: number
  /** ISO 639-1 language the FAQ or knowledge document is written in; none: counts for every language. */
  language?: string | null
}

export type Intent =
  | 'greeting'
  | 'thanks'
  | 'human_request'
  | 'complaint'
  | 'order_status'
  | 'return_request'
  | 'shipping'
  | 'sizing'
  | 'pricing'
  | 'product_advice'
  | 'question'
  | 'affirmation'
  | 'other'

export interface Analysis {
  /** -1 (very negative) .. 1 (very positive). */
  sentiment: number
  intent: Intent
}

/** What the vision job read from one of the visitor's images (`_shared/vision`): untrusted data. */
export interface ImageAnalysis {
  /** 'pending' while the job runs; only 'done' ones carry a reading. */
  status: 'pending' | 'done' | 'failed' | 'skipped'
  /** The file name the visitor gave it. */
  name: string
  kind?: 'product' | 'damage' | 'receipt' | 'other'
  description?: string
  /** As the model read them: checked where used (a field is any JSON a model returned). */
  fields?: Record<string, unknown>
  sent_at?: string
}

export interface ResponderInput {
  /** The visitor's new message. */
  text: string
  /** Language of the conversation (ISO 639-1), e.g. 'en' or 'de'. */
  language: string
  /** Recent turns before this message, oldest first (the memory window). */
  history: Turn[]
  /** A running summary of older turns (may be empty). */
  summary: string
  /** Retrieved FAQ and knowledge hits for the text, best first. */
  hits: Hit[]
  analysis: Analysis
  /** The chatbot's persona (system prompt for providers). */
  persona: string
  botName: string
  storeName: string
  /** The latest analyses of the visitor's images in this conversation, oldest first (untrusted data). */
  images?: ImageAnalysis[]
}

export type ReplyKind =
  | 'answer'
  | 'clarify'
  | 'offer_human'
  | 'handoff'
  | 'smalltalk'
  | 'fallback'
  // the store's own offers (offers.ts): its booking page, a payment card, which item to pay
  | 'booking_offer'
  | 'payment_offer'
  | 'payment_choice'

export interface ResponderResult {
  content: string
  kind: ReplyKind
  /** The conversation should go to a human now. */
  handoff: boolean
  /** 0..1: how sure the responder is. */
  confidence: number
  /** Ids of the hits the reply drew on. */
  sources: string[]
  responder: string
}

/** Anything that turns a visitor's message (with context) into a reply. */
export interface Responder {
  readonly name: string
  respond(input: ResponderInput, signal?: AbortSignal): Promise<ResponderResult>
}
