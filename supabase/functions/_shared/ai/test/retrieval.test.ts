import { describe, expect, it } from 'vitest'
import { analyze, type Hit, type ResponderInput, RetrievalResponder } from '../index.ts'

const faq = (id: string, question: string, answer: string, title_coverage: number): Hit => ({
  kind: 'faq',
  id,
  title: question,
  content: answer,
  rank: 0.5,
  title_coverage,
  coverage: title_coverage,
})

function input(text: string, hits: Hit[], language = 'en'): ResponderInput {
  return {
    text,
    language,
    hits,
    history: [],
    summary: '',
    analysis: analyze(text, language),
    persona: '',
    botName: 'Scout',
    storeName: 'Acme Outdoor',
  }
}

const responder = new RetrievalResponder()

describe('RetrievalResponder', () => {
  it('answers with the FAQ that clearly fits', async () => {
    const result = await responder.respond(
      input('How long does shipping take?', [
        faq('1', 'How long does shipping take?', 'Two to four working days.', 1),
        faq('2', 'How much does shipping cost?', 'EUR 4.95.', 0.6),
      ]),
    )
    expect(result).toMatchObject({ kind: 'answer', content: 'Two to four working days.', sources: ['1'] })
    expect(result.handoff).toBe(false)
  })

  it('prefers an FAQ that holds every word over passages that mention them', async () => {
    const passage: Hit = {
      kind: 'knowledge',
      id: 'k',
      title: 'Shipping policy',
      content: 'We ship outside the EU too.',
      rank: 0.3,
      title_coverage: 0.3,
      coverage: 1,
    }
    const result = await responder.respond(
      input('Do you ship outside the EU?', [
        faq('1', 'Do you ship outside the EU?', 'Yes, to the UK.', 1),
        passage,
      ]),
    )
    expect(result).toMatchObject({ kind: 'answer', content: 'Yes, to the UK.' })
  })

  it('asks which one is meant when several fit equally', async () => {
    const result = await responder.respond(
      input('shipping', [
        faq('1', 'How long does shipping take?', 'Two to four working days.', 1),
        faq('2', 'How much does shipping cost?', 'EUR 4.95.', 1),
      ]),
    )
    expect(result.kind).toBe('clarify')
    expect(result.content).toContain('How long does shipping take?')
    expect(result.content).toContain('How much does shipping cost?')
  })

  it('asks for more when the only match is vague', async () => {
    const result = await responder.respond(
      input('tent poles zips', [faq('1', 'Warranty on tents?', '5 years.', 0.34)]),
    )
    expect(result.kind).toBe('clarify')
    expect(result.content).toContain('Warranty on tents?')
  })

  it('offers a human when nothing matches, in the conversation language', async () => {
    expect(await responder.respond(input('What is the airspeed of a swallow?', []))).toMatchObject({
      kind: 'offer_human',
      handoff: false,
    })
    const german = await responder.respond(input('Wie schnell fliegt eine Schwalbe?', [], 'de'))
    expect(german.content).toMatch(/Person aus unserem Team/)
  })

  it('answers from the paragraph of a knowledge passage that fits the question', async () => {
    const hit: Hit = {
      kind: 'knowledge',
      id: '9',
      title: 'Size guide',
      rank: 0.3,
      title_coverage: 0,
      coverage: 1,
      content:
        'Jackets have an athletic fit.\n\nBackpacks are sized by back length: measure from C7 to the hips.',
    }
    const result = await responder.respond(input('how do I measure back length for a backpack', [hit]))
    expect(result).toMatchObject({ kind: 'answer', sources: ['9'] })
    expect(result.content).toMatch(/^Backpacks are sized by back length/)
  })
})
