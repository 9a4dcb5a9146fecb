import { describe, expect, it } from 'vitest'
import { contentInLanguage, type Hit, otherLanguageNotice, phrases } from '../index.ts'

const hit = (id: string, language: string): Hit => ({
  kind: 'faq',
  id,
  title: id,
  content: id,
  rank: 1,
  title_coverage: 1,
  coverage: 1,
  language,
})

describe('contentInLanguage', () => {
  it('keeps only the hits in the visitor language when there are any', () => {
    expect(contentInLanguage([hit('en', 'en'), hit('de', 'de')], 'de-AT')).toEqual({
      hits: [hit('de', 'de')],
      otherLanguage: null,
    })
  })
  it('falls back to the other hits and names their language', () => {
    expect(contentInLanguage([hit('en', 'en')], 'fr')).toEqual({
      hits: [hit('en', 'en')],
      otherLanguage: 'en',
    })
  })
  it('treats hits without a language as matching', () => {
    const { language: _, ...plain } = hit('x', 'en')
    expect(contentInLanguage([plain], 'de').otherLanguage).toBeNull()
  })
})

describe('otherLanguageNotice', () => {
  it('says in the visitor language which language the answer is in', () => {
    expect(otherLanguageNotice('fr', 'de')).toBe(
      "Je n'ai pas encore cette information en français, voici la réponse en allemand :",
    )
    expect(otherLanguageNotice('de', 'en')).toContain('auf Englisch')
    expect(otherLanguageNotice('ar', 'de')).toContain('الألمانية')
  })
  it('falls back to English for a language without a sentence', () => {
    expect(otherLanguageNotice('ja', 'de')).toBe(
      "I don't have this in your language yet, so here is the answer in German:",
    )
  })
})

describe('phrases', () => {
  it("the bot's own sentences exist in every language of the widget", () => {
    expect(phrases('fr-FR').offerHuman).toMatch(/personne de notre équipe/)
    expect(phrases('es').greeting('Scout')).toBe('¡Hola! Soy Scout. ¿En qué puedo ayudarte?')
    expect(phrases('ar').handoff).toMatch(/فريقنا/)
    expect(phrases('ja').thanks).toBe(phrases('en').thanks)
  })
})
