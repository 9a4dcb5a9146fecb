export { analyze } from './analyze.ts'
export { contentInLanguage, type LanguageHits, otherLanguageNotice } from './content-language.ts'
export {
  defaultHandoffRules,
  type HandoffContext,
  type HandoffReason,
  type HandoffRules,
  handoffReason,
  runningSentiment,
} from './handoff.ts'
export { doneImages, IMAGES_SEEN, imagesSection, orderNumberFromImages } from './images.ts'
export { intent } from './intent.ts'
export { detectLanguage } from './language.ts'
export { conversation, createProvider, type LlmOptions, LlmResponder, systemPrompt } from './llm.ts'
export { type MemoryWindow, memoryWindow, summarize } from './memory.ts'
export {
  choosePayable,
  type OfferIntent,
  offerIntent,
  offerPhrases,
  type Payable,
  priceOf,
} from './offers.ts'
export { type Phrases, phrases } from './phrases.ts'
export { AnthropicProvider, alternate } from './providers/anthropic.ts'
export { ProviderError, type ProviderErrorKind, postJson, withoutSecret } from './providers/errors.ts'
export { OpenAIProvider } from './providers/openai.ts'
export type { ChatMessage, CompletionRequest, Provider, ProviderConfig } from './providers/types.ts'
export {
  bestParagraph,
  defaultRetrievalOptions,
  type RetrievalOptions,
  RetrievalResponder,
  score,
} from './retrieval.ts'
export { sentiment } from './sentiment.ts'
export { baseLanguage, clip, words } from './text.ts'
export type {
  Analysis,
  Hit,
  ImageAnalysis,
  Intent,
  ReplyKind,
  Responder,
  ResponderInput,
  ResponderResult,
  Turn,
} from './types.ts'
