// Lead score 0..100 from what the visitor says: buying signals, contact details, engagement.
import type { Intent } from './types.ts'

const buying =
  /\b(buy|order|purchase|bulk|wholesale|team|company|business|quote|invoice|discount|price|in stock|available|kaufen|bestellen|firma|angebot|preis|verfügbar)\b/i
const highValue =
  /\b(bulk|wholesale|company|business|corporate|quote|invoice|\d{2,} (pieces|units|pairs|stück))\b/i

export interface LeadSignals {
  previous: number | null
  text: string
  intent: Intent
  hasEmail: boolean
  verified: boolean
  customerMessages: number
}

export function leadScore(s: LeadSignals): number {
  let score = s.previous ?? 10
  if (buying.test(s.text)) score += 10
  if (highValue.test(s.text)) score += 25
  if (s.intent === 'pricing' || s.intent === 'product_advice') score += 8
  if (s.intent === 'complaint') score -= 5
  if (s.hasEmail) score = Math.max(score, 30)
  if (s.verified) score = Math.max(score, 35)
  if (s.customerMessages >= 3) score += 2
  return Math.max(0, Math.min(100, Math.round(score)))
}
