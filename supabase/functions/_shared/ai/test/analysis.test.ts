import { describe, expect, it } from 'vitest'
import { analyze, detectLanguage, handoffReason, intent, runningSentiment, sentiment } from '../index.ts'

describe('sentiment', () => {
  it('scores praise positive and anger negative, within -1..1', () => {
    expect(sentiment('Thanks, that was really helpful!')).toBeGreaterThan(0.4)
    expect(sentiment('This is terrible, the worst service ever. I am furious!')).toBeLessThan(-0.6)
    expect(sentiment('When does the shop open?')).toBe(0)
    for (const text of ['great great great great great!!!', 'awful awful awful awful awful!!!']) {
      expect(Math.abs(sentiment(text))).toBeLessThanOrEqual(1)
    }
  })

  it('flips under negation and weighs the part after "but"', () => {
    expect(sentiment('not good')).toBeLessThan(0)
    expect(sentiment('The tent is nice but the zip arrived broken and I am disappointed')).toBeLessThan(0)
  })

  it('reads German in a German conversation', () => {
    expect(sentiment('Das ist eine Frechheit, völlig unverschämt!', 'de')).toBeLessThan(-0.5)
    expect(sentiment('Super, vielen Dank!', 'de-AT')).toBeGreaterThan(0.4)
    expect(sentiment('Das ist nicht gut', 'de')).toBeLessThan(0)
  })
})

describe('intent', () => {
  it.each([
    ['I want to talk to a human', 'human_request'],
    ['Can I speak with someone from your team?', 'human_request'],
    ['Ich möchte mit einem Mitarbeiter sprechen', 'human_request'],
    ['Where is my order #A-20931?', 'order_status'],
    ['This is unacceptable, the boots arrived damaged', 'complaint'],
    ['Can I return the jacket?', 'return_request'],
    ['How long does shipping take?', 'shipping'],
    ['Which size should I take?', 'sizing'],
    ['How much is the Ridge 3?', 'pricing'],
    ['Hello!', 'greeting'],
    ['thanks a lot', 'thanks'],
    ['yes please', 'affirmation'],
    ['Do you have a store in Vienna?', 'question'],
    ['blue', 'other'],
  ])('%s -> %s', (text, expected) => {
    expect(intent(text)).toBe(expected)
  })
})

describe('handoff triggers', () => {
  const calm = { history: [], lastBotOfferedHuman: false, sessionSentiment: 0, customerMessages: 1 }
  it('hands off when asked, when an offer is accepted, and when the mood turns', () => {
    expect(handoffReason(analyze('I need a real person'), calm)).toBe('human_request')
    expect(handoffReason(analyze('yes please'), { ...calm, lastBotOfferedHuman: true })).toBe(
      'accepted_offer',
    )
    expect(handoffReason(analyze('yes please'), calm)).toBeNull()
    expect(handoffReason(analyze('This is the worst, absolutely terrible!'), calm)).toBe('negative_sentiment')
    expect(
      handoffReason(analyze('still waiting'), { ...calm, sessionSentiment: -0.4, customerMessages: 3 }),
    ).toBe('sentiment_turned')
    expect(handoffReason(analyze('How long does shipping take?'), calm)).toBeNull()
  })

  it('keeps a running sentiment that follows recent messages', () => {
    expect(runningSentiment(null, -0.5)).toBe(-0.5)
    expect(runningSentiment(0.5, -0.5)).toBe(0)
  })
})

describe('detectLanguage', () => {
  it('picks the chatbot language the message is written in, else keeps the current one', () => {
    expect(detectLanguage('Wie lange dauert der Versand nach Österreich?', ['en', 'de'], 'en')).toBe('de')
    expect(detectLanguage('How long does the shipping take?', ['en', 'de'], 'de')).toBe('en')
    expect(detectLanguage('Versand?', ['en', 'de'], 'en')).toBe('en')
    expect(detectLanguage('Wie lange dauert der Versand?', ['en'], 'en')).toBe('en')
  })
})
