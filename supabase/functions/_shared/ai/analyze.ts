import { intent } from './intent.ts'
import { sentiment } from './sentiment.ts'
import type { Analysis } from './types.ts'

/** Sentiment and intent of one visitor message, without any provider. */
export function analyze(text: string, language = 'en'): Analysis {
  return { sentiment: sentiment(text, language), intent: intent(text) }
}
