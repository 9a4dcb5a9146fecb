import { describe, expect, it } from 'vitest'
import { chooseLocale, direction, uiLocale } from './i18n/locale.ts'
import { localized } from './i18n/localized.ts'
import { faqsFor, greetingFor } from './visitor-locale.ts'

describe('chooseLocale', () => {
  it('takes what the host page asked for with $parley.setLocale, even beyond the chatbot languages', () => {
    expect(
      chooseLocale({ requested: 'ar', chatbotLanguages: ['en', 'de'], pageLang: 'de', browser: ['de'] }),
    ).toBe('ar')
  })
  it("else the page's lang when the chatbot speaks it", () => {
    expect(chooseLocale({ chatbotLanguages: ['en', 'de'], pageLang: 'de-AT', browser: ['en-US'] })).toBe('de')
  })
  it('else the first browser language the chatbot speaks', () => {
    expect(
      chooseLocale({ chatbotLanguages: ['en', 'fr'], pageLang: 'it', browser: ['it-IT', 'fr-FR', 'en'] }),
    ).toBe('fr')
  })
  it("else the chatbot's first language, and English without any", () => {
    expect(chooseLocale({ chatbotLanguages: ['de', 'en'], pageLang: 'ja', browser: ['ja'] })).toBe('de')
    expect(chooseLocale({})).toBe('en')
  })
  it('ignores what is not a language tag', () => {
    expect(chooseLocale({ requested: '<script>', chatbotLanguages: ['nl'] })).toBe('nl')
  })
})

describe('interface language and direction', () => {
  it('has strings for seven languages, English otherwise', () => {
    expect(['en', 'de', 'fr', 'es', 'nl', 'pt', 'ar'].map(uiLocale)).toEqual([
      'en',
      'de',
      'fr',
      'es',
      'nl',
      'pt',
      'ar',
    ])
    expect(uiLocale('it')).toBe('en')
  })
  it('reads Arabic right to left', () => {
    expect(direction('ar')).toBe('rtl')
    expect(direction('ar-EG')).toBe('rtl')
    expect(direction('de')).toBe('ltr')
  })
})

describe('content in the visitor language', () => {
  it('localized picks the locale, its base, the fallback, then any', () => {
    const label = { en: 'Name', fr: 'Nom' }
    expect(localized(label, 'fr-CA')).toBe('Nom')
    expect(localized(label, 'de')).toBe('Name')
    expect(localized({ fr: 'Nom' }, 'de')).toBe('Nom')
    expect(localized('Plain', 'de')).toBe('Plain')
    expect(localized(null, 'de')).toBe('')
  })
  it("greets in the visitor's language, else in the chatbot's first", () => {
    const chatbot = {
      id: '1',
      public_id: 'x',
      name: 'Scout',
      greeting: 'Hi!',
      greetings: { de: 'Hallo!' },
      languages: ['en', 'de'],
      theme: {},
    }
    expect(greetingFor(chatbot, 'de')).toBe('Hallo!')
    expect(greetingFor(chatbot, 'fr')).toBe('Hi!')
  })
  it("lists the FAQs written in the visitor's language, else the first language's", () => {
    const faqs = [
      { id: '1', question: 'Shipping?', answer: '2 days', language: 'en' },
      { id: '2', question: 'Versand?', answer: '2 Tage', language: 'de' },
    ]
    expect(faqsFor(faqs, 'de', ['en', 'de']).map((f) => f.id)).toEqual(['2'])
    expect(faqsFor(faqs, 'ar', ['en', 'de']).map((f) => f.id)).toEqual(['1'])
  })
})
