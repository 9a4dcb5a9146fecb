// The default responder: answers from the best FAQ or knowledge hit when it clearly fits, asks which
// one is meant when several fit about equally (or one only vaguely), and offers a human otherwise.
import { orderNumberFromImages } from './images.ts'
import { phrases } from './phrases.ts'
import { clip, stem, words } from './text.ts'
import type { Hit, Intent, Responder, ResponderInput, ResponderResult } from './types.ts'

/** Questions where the order number on the visitor's photo is what a person would mention first. */
const ORDER_INTENTS: Intent[] = ['order_status', 'return_request', 'shipping', 'complaint']

export interface RetrievalOptions {
  /** Score at or above which a hit answers. */
  answerAt: number
  /** Score at or above which a hit is worth asking about. */
  clarifyAt: number
  /** Hits within this distance of the best one are ambiguous with it. */
  tie: number
}

export const defaultRetrievalOptions: RetrievalOptions = { answerAt: 0.6, clarifyAt: 0.3, tie: 0.2 }

/** How well a hit fits: an FAQ by its question; a knowledge passage by its text, a little less trusted. */
export function score(hit: Hit): number {
  return hit.kind === 'faq' ? hit.title_coverage : hit.coverage * 0.8
}

/** The paragraph of a knowledge passage that shares most words with the question. */
export function bestParagraph(content: string, question: string): string {
  const asked = new Set(
    words(question)
      .filter((w) => w.length > 2)
      .map(stem),
  )
  const paragraphs = content
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
  let best = paragraphs[0] ?? content
  let bestOverlap = -1
  for (const p of paragraphs) {
    const overlap = new Set(
      words(p)
        .map(stem)
        .filter((w) => asked.has(w)),
    ).size
    if (overlap > bestOverlap) {
      best = p
      bestOverlap = overlap
    }
  }
  return best
}

function answerFrom(hit: Hit, question: string): string {
  return hit.kind === 'faq' ? hit.content : clip(bestParagraph(hit.content, question), 700)
}

export class RetrievalResponder implements Responder {
  readonly name = 'retrieval'
  constructor(private readonly options: RetrievalOptions = defaultRetrievalOptions) {}

  async respond(input: ResponderInput): Promise<ResponderResult> {
    const result = this.fromContent(input)
    // The photo's order number is read as data: only something shaped like a number is ever repeated.
    const number = ORDER_INTENTS.includes(input.analysis.intent) ? orderNumberFromImages(input.images) : null
    if (number && result.kind !== 'smalltalk') {
      result.content = `${phrases(input.language).orderFromPhoto(number)} ${result.content}`
    }
    return result
  }

  private fromContent(input: ResponderInput): ResponderResult {
    const say = phrases(input.language)
    const base = { handoff: false, responder: this.name }
    const { intent } = input.analysis

    if (intent === 'greeting' && input.hits.length === 0) {
      return { ...base, kind: 'smalltalk', content: say.greeting(input.botName), confidence: 1, sources: [] }
    }
    if (intent === 'thanks' && input.hits.length === 0) {
      return { ...base, kind: 'smalltalk', content: say.thanks, confidence: 1, sources: [] }
    }

    const ranked = [...input.hits].sort((a, b) => score(b) - score(a))
    const best = ranked[0]
    if (!best || score(best) < this.options.clarifyAt) {
      return { ...base, kind: 'offer_human', content: say.offerHuman, confidence: 0, sources: [] }
    }

    const top = score(best)
    // Distinct candidates close to the best one (one per FAQ question or document title).
    // An FAQ whose question holds every word asked is the answer the store wrote for it: passages that
    // merely mention the same words do not make it ambiguous (other FAQs still may).
    const exactFaq = best.kind === 'faq' && best.title_coverage >= 0.99
    const close: Hit[] = []
    for (const hit of ranked) {
      if (top - score(hit) > this.options.tie || score(hit) < this.options.clarifyAt) break
      if (exactFaq && hit.kind !== 'faq') continue
      if (!close.some((c) => c.title === hit.title)) close.push(hit)
    }

    if (top >= this.options.answerAt && close.length === 1) {
      return {
        ...base,
        kind: 'answer',
        content: answerFrom(best, input.text),
        confidence: Math.min(1, top),
        sources: [best.id],
      }
    }
    if (close.length > 1) {
      const options = close.slice(0, 3)
      return {
        ...base,
        kind: 'clarify',
        content: say.clarify(options.map((h) => h.title)),
        confidence: top / 2,
        sources: options.map((h) => h.id),
      }
    }
    return {
      ...base,
      kind: 'clarify',
      content: say.clarifyVague(best.title),
      confidence: top / 2,
      sources: [best.id],
    }
  }
}
