import { describe, expect, it } from 'vitest'
import { leadIntents } from '../intents.ts'
import {
  chooseTier,
  DEFAULT_TIERS,
  type LeadFacts,
  openingMessage,
  readScoring,
  scoreLead,
} from '../score.ts'

const facts = (over: Partial<LeadFacts> = {}): LeadFacts => ({
  attributes: {},
  answers: {},
  intents: [],
  customerMessages: 1,
  ...over,
})

describe('leadIntents', () => {
  it('sees several buying signals in one line', () => {
    expect(leadIntents('Can I get a quote for 40 pairs for our company?')).toEqual(['bulk_order', 'pricing'])
    expect(leadIntents('I want to buy this tent')).toEqual(['purchase'])
    expect(leadIntents('Please call me back')).toEqual(['demo_request'])
    expect(leadIntents('hello')).toEqual([])
  })
})

describe('scoreLead', () => {
  const scoring = readScoring({
    base: 10,
    rules: [
      { source: 'answer', key: 'income', op: 'at_least', value: 8000, points: 30, reason: 'Income 8k+' },
      { source: 'answer', key: 'loan_type', op: 'equals', value: 'new_purchase', points: 20 },
      {
        source: 'attribute',
        key: 'order_count',
        op: 'at_least',
        value: 3,
        points: 15,
        reason: 'Repeat buyer',
      },
      {
        source: 'attribute',
        key: 'order_value',
        op: 'at_least',
        value: 500,
        points: 10,
        reason: 'Big spender',
      },
      { source: 'intent', key: 'bulk_order', points: 25, reason: 'Bulk order' },
      { source: 'intent', key: 'complaint', points: -15, reason: 'Complained' },
      { source: 'engagement', key: 'messages', op: 'at_least', value: 5, points: 5 },
    ],
  })

  it('adds the points of the rules that hold, each a reason', () => {
    const result = scoreLead(
      scoring,
      facts({ answers: { income: 8500, loan_type: 'new_purchase' }, attributes: { order_count: '4' } }),
    )
    expect(result.score).toBe(75)
    expect(result.reasons).toEqual([
      { reason: 'Income 8k+', points: 30 },
      { reason: 'answer loan_type = new_purchase', points: 20 },
      { reason: 'Repeat buyer', points: 15 },
    ])
  })

  it('scores intents and engagement, and takes points away', () => {
    expect(scoreLead(scoring, facts({ intents: ['bulk_order'], customerMessages: 5 })).score).toBe(40)
    expect(scoreLead(scoring, facts({ intents: ['complaint'] })).score).toBe(0)
  })

  it('stays within 0..100', () => {
    const many = readScoring({ base: 90, rules: [{ source: 'intent', key: 'purchase', points: 50 }] })
    expect(scoreLead(many, facts({ intents: ['purchase'] })).score).toBe(100)
  })

  it('has default rules until the store writes its own', () => {
    const result = scoreLead(
      readScoring({}),
      facts({ intents: ['purchase'], attributes: { email: 'a@b.c' } }),
    )
    expect(result.score).toBe(45)
    expect(result.reasons.map((r) => r.reason)).toEqual(['Wants to buy', 'Left an e-mail address'])
  })
})

describe('persona tiers', () => {
  it('chooses by score with the default bounds (>= 75, 45-74, < 45)', () => {
    expect(chooseTier(DEFAULT_TIERS, 75)?.name).toBe('Priority')
    expect(chooseTier(DEFAULT_TIERS, 74)?.name).toBe('Advisor')
    expect(chooseTier(DEFAULT_TIERS, 45)?.name).toBe('Advisor')
    expect(chooseTier(DEFAULT_TIERS, 44)?.name).toBe('Guide')
    expect(chooseTier(DEFAULT_TIERS, 0)?.name).toBe('Guide')
  })

  it('falls back to the lowest tier when none starts at 0', () => {
    expect(chooseTier([{ min: 50, name: 'Hot', tone: '', opening: {} }], 10)?.name).toBe('Hot')
    expect(chooseTier([], 10)).toBeNull()
  })

  it('opens in the visitor language with the form answers filled in', () => {
    const tier = {
      min: 75,
      name: 'Priority',
      tone: '',
      opening: { en: 'Hi {{name}}! Your score is {{ score }}.', de: 'Hallo {{name}}!' },
    }
    expect(openingMessage(tier, 'en', { name: 'Ana', score: 80 })).toBe('Hi Ana! Your score is 80.')
    expect(openingMessage(tier, 'de-DE', { name: 'Ana' })).toBe('Hallo Ana!')
    expect(openingMessage(tier, 'en', { name: '<b>' })).toBe('Hi <b>! Your score is .')
    expect(openingMessage({ ...tier, opening: {} }, 'en', {})).toBeNull()
  })
})
