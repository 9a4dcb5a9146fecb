import { describe, expect, it } from 'vitest'
import { chatbotLanguages } from './languages.ts'
import {
  addFaqSchema,
  aiSettingsSchema,
  appearanceSchema,
  consentSettingsSchema,
  languageSettingsSchema,
  titleFromFileName,
  uploadProblem,
} from './schemas.ts'

const ref = {
  storeId: 'de000000-0000-4000-8000-000000000010',
  chatbotId: 'de000000-0000-4000-8000-000000000020',
}

describe('chatbot form schemas', () => {
  it('accepts a full appearance and refuses colours and avatars the widget cannot use', () => {
    const ok = {
      ...ref,
      name: 'Scout',
      color: '#0F766E',
      position: 'left',
      title: '',
      greeting: 'Hi',
      avatarUrl: '',
    }
    expect(appearanceSchema.safeParse(ok).success).toBe(true)
    const fields = (input: object) => appearanceSchema.safeParse(input).error?.issues.map((i) => i.path[0])
    expect(fields({ ...ok, color: 'teal' })).toEqual(['color'])
    expect(fields({ ...ok, position: 'top' })).toEqual(['position'])
    expect(fields({ ...ok, avatarUrl: 'javascript:alert(1)' })).toEqual(['avatarUrl'])
    expect(fields({ ...ok, avatarUrl: 'http://evil.example/a.png' })).toEqual(['avatarUrl'])
    expect(appearanceSchema.safeParse({ ...ok, avatarUrl: 'https://cdn.example/a.png' }).success).toBe(true)
  })

  it('needs a model once a provider is chosen, and keeps limits in the database ranges', () => {
    const base = {
      ...ref,
      provider: 'openai',
      baseUrl: '',
      model: 'gpt-4o-mini',
      apiKey: '',
      timeoutMs: '20000',
      maxTokens: '512',
    }
    expect(aiSettingsSchema.parse(base)).toMatchObject({ timeoutMs: 20000, maxTokens: 512 })
    const fields = (input: object) => aiSettingsSchema.safeParse(input).error?.issues.map((i) => i.path[0])
    expect(fields({ ...base, model: '' })).toEqual(['model'])
    expect(fields({ ...base, timeoutMs: '500' })).toEqual(['timeoutMs'])
    expect(fields({ ...base, baseUrl: 'ftp://x' })).toEqual(['baseUrl'])
    expect(aiSettingsSchema.safeParse({ ...base, provider: '', model: '' }).success).toBe(true)
  })

  it('takes only small text files as uploads', () => {
    expect(uploadProblem({ name: 'guide.md', size: 1000 })).toBeUndefined()
    expect(uploadProblem({ name: 'Guide.TXT', size: 1000 })).toBeUndefined()
    expect(uploadProblem({ name: 'photo.png', size: 1000 })).toMatch(/only .txt and .md/)
    expect(uploadProblem({ name: 'empty.txt', size: 0 })).toMatch(/empty/)
    expect(uploadProblem({ name: 'big.txt', size: 600 * 1024 })).toMatch(/larger than 512 KB/)
    expect(titleFromFileName('size-guide.md')).toBe('size-guide')
  })

  it('reads the chatbot languages main first, with a greeting per language, and an FAQ language', () => {
    const parsed = languageSettingsSchema.parse({
      ...ref,
      languages: 'en, DE,fr  de',
      greetings: { de: 'Hallo' },
    })
    expect(parsed.languages).toEqual(['en', 'de', 'fr'])
    expect(languageSettingsSchema.safeParse({ ...ref, languages: 'german', greetings: {} }).success).toBe(
      false,
    )
    expect(languageSettingsSchema.safeParse({ ...ref, languages: '', greetings: {} }).success).toBe(false)
    expect(addFaqSchema.safeParse({ ...ref, question: 'Q', answer: 'A', language: 'de' }).success).toBe(true)
    expect(addFaqSchema.safeParse({ ...ref, question: 'Q', answer: 'A', language: 'deu' }).success).toBe(
      false,
    )
    expect(chatbotLanguages(['de-AT', 'en', 'de'])).toEqual(['de', 'en'])
    expect(chatbotLanguages([])).toEqual(['en'])
  })

  it('consent: the main language needs a text; others may be empty; 2000 characters at most', () => {
    const ok = consentSettingsSchema.safeParse({
      ...ref,
      required: 'on',
      main: 'en',
      texts: { en: ' We keep it. ', de: '' },
    })
    expect(ok.success && ok.data.texts.en).toBe('We keep it.')
    const noMain = consentSettingsSchema.safeParse({
      ...ref,
      main: 'de',
      texts: { en: 'We keep it.', de: ' ' },
    })
    expect(noMain.error?.issues[0]?.message).toBe('Write the consent text in the main language.')
    expect(
      consentSettingsSchema.safeParse({ ...ref, main: 'en', texts: { en: 'x'.repeat(2001) } }).success,
    ).toBe(false)
    expect(
      consentSettingsSchema.safeParse({ ...ref, required: 'yes', main: 'en', texts: { en: 'x' } }).success,
    ).toBe(false)
  })
})
