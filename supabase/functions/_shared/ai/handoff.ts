// When a conversation should go to a human, independent of the responder: the visitor asked for one
// (or said yes to the bot's offer), or the mood turned (one very negative message, or a falling average).
import type { Analysis, Turn } from './types.ts'

export interface HandoffRules {
  /** A single message at or below this sentiment hands off. */
  messageSentimentBelow: number
  /** The session's running sentiment at or below this (after `minMessages`) hands off. */
  sessionSentimentBelow: number
  minMessages: number
}

export const defaultHandoffRules: HandoffRules = {
  messageSentimentBelow: -0.6,
  sessionSentimentBelow: -0.35,
  minMessages: 2,
}

export type HandoffReason = 'human_request' | 'accepted_offer' | 'negative_sentiment' | 'sentiment_turned'

/** The bot's previous reply offered a human (its metadata said so). */
export interface HandoffContext {
  history: Turn[]
  lastBotOfferedHuman: boolean
  /** Running sentiment of the session including this message. */
  sessionSentiment: number | null
  customerMessages: number
}

export function handoffReason(
  analysis: Analysis,
  context: HandoffContext,
  rules: HandoffRules = defaultHandoffRules,
): HandoffReason | null {
  if (analysis.intent === 'human_request') return 'human_request'
  if (context.lastBotOfferedHuman && analysis.intent === 'affirmation') return 'accepted_offer'
  if (analysis.sentiment <= rules.messageSentimentBelow) return 'negative_sentiment'
  if (
    context.sessionSentiment !== null &&
    context.customerMessages >= rules.minMessages &&
    context.sessionSentiment <= rules.sessionSentimentBelow
  )
    return 'sentiment_turned'
  return null
}

/** Running sentiment: an exponential moving average, recent messages weigh more. */
export function runningSentiment(previous: number | null, current: number, weight = 0.5): number {
  const value = previous === null ? current : previous * (1 - weight) + current * weight
  return Math.round(value * 1000) / 1000
}
