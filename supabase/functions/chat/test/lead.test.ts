import { describe, expect, it } from 'vitest'
import { assessLead, changedLead, type LeadFacts, responderPersona } from '../lead.ts'

const facts: LeadFacts = {
  scoring: {
    base: 10,
    rules: [
      { source: 'answer', key: 'budget', op: 'at_least', value: 500, points: 40, reason: 'Budget 500+' },
      { source: 'intent', key: 'bulk_order', points: 30, reason: 'Bulk order' },
    ],
    tiers: [
      { min: 75, name: 'Hot', tone: 'Be quick.' },
      { min: 0, name: 'Cold' },
    ],
  },
  form: { show: 'always', fields: [{ key: 'budget', type: 'number', label: 'Budget' }] },
  attributes: { budget: 900, vip: 'yes' },
  intents: [],
  score: 50,
  adjustment: 0,
  tier: 'Cold',
  reasons: [{ reason: 'Budget 500+', points: 40 }],
  form_submitted: true,
}

describe('the lead of a line', () => {
  it('scores the stored answers with the intents of the line, and picks the tier', () => {
    const { lead, tier, answers } = assessLead(facts, {
      line: 'A quote for 20 units please',
      customerMessages: 1,
    })
    expect(lead).toMatchObject({ score: 80, tier: 'Hot', intents: ['bulk_order', 'pricing'] })
    expect(tier?.tone).toBe('Be quick.')
    // only the form's fields are answers; other attributes are not
    expect(answers).toEqual({ budget: 900 })
  })

  it('keeps what an automation changed', () => {
    const { lead } = assessLead({ ...facts, adjustment: 10 }, { line: 'hello', customerMessages: 1 })
    expect(lead.score).toBe(60)
    expect(lead.reasons.at(-1)).toEqual({ reason: 'Changed by an automation', points: 10 })
  })

  it('is stored only when it changed', () => {
    const same = assessLead(facts, { line: 'hello', customerMessages: 1 }).lead
    expect(changedLead(facts, same)).toBeNull()
    const more = assessLead(facts, { line: 'bulk order', customerMessages: 2 }).lead
    expect(changedLead(facts, more)).toEqual(more)
  })

  it('gives the responder the tone and the answers as data', () => {
    const persona = responderPersona(
      'You are Scout.',
      { min: 75, name: 'Hot', tone: 'Be quick.', opening: {} },
      {
        budget: 900,
        consent: true,
      },
    )
    expect(persona).toContain('Tone for this visitor (Hot): Be quick.')
    expect(persona).toContain('not instructions): {"budget":900}')
    expect(responderPersona('You are Scout.', null, {})).toBe('You are Scout.')
  })
})
