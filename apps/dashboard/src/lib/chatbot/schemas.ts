import { Constants } from '@parley/supabase/database'
import { z } from 'zod'

/** Form rules for chatbots, FAQs and knowledge, matching the database's checks. */
const uuid = z.uuid({ error: 'That id is not valid.' })

/** An ISO 639-1 code, as chatbots.languages and faqs.language hold them. */
export const languageCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2}$/, { error: 'Use a two-letter language code such as en or de.' })

export const faqFields = z.object({
  question: z
    .string()
    .trim()
    .min(1, { error: 'The question is empty.' })
    .max(500, { error: 'Questions are at most 500 characters.' }),
  answer: z
    .string()
    .trim()
    .min(1, { error: 'The answer is empty.' })
    .max(5000, { error: 'Answers are at most 5000 characters.' }),
  /** the language the FAQ is written in; left out: the chatbot's first language */
  language: languageCode.optional(),
})

export const chatbotRef = z.object({ storeId: uuid, chatbotId: uuid })

export const addFaqSchema = chatbotRef.extend(faqFields.shape)
export const updateFaqSchema = addFaqSchema.extend({ faqId: uuid })
export const faqRefSchema = chatbotRef.extend({ faqId: uuid })
export const moveFaqSchema = faqRefSchema.extend({ direction: z.enum(['up', 'down']) })
export const importFaqsSchema = chatbotRef.extend({
  csv: z
    .string()
    .min(1, { error: 'Choose a CSV file first.' })
    .max(2_000_000, { error: 'The file is too big.' }),
})

export const createChatbotSchema = z.object({
  storeId: uuid,
  name: z
    .string()
    .trim()
    .min(1, { error: 'Give the chatbot a name.' })
    .max(80, { error: 'Names are at most 80 characters.' }),
})

const optionalUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => v === '' || /^https:\/\/|^http:\/\/(localhost|127\.0\.0\.1)[:/]/.test(v), {
    error: 'Use an https:// address.',
  })
  .refine((v) => v === '' || URL.canParse(v), { error: 'That address is not valid.' })

export const appearanceSchema = chatbotRef.extend({
  name: createChatbotSchema.shape.name,
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: 'Pick a colour like #0f766e.' }),
  position: z.enum(['left', 'right'], { error: 'Choose left or right.' }),
  title: z.string().trim().max(60, { error: 'Titles are at most 60 characters.' }),
  greeting: z.string().trim().max(500, { error: 'Greetings are at most 500 characters.' }),
  avatarUrl: optionalUrl,
})

/** Text documents: the database allows 500 000 characters; uploads are capped in bytes before reading. */
export const maxDocumentChars = 500_000
export const maxUploadBytes = 512 * 1024
export const uploadExtensions = ['.txt', '.md', '.markdown'] as const

export const knowledgePasteSchema = chatbotRef.extend({
  /** the language the document is written in; left out: the chatbot's first language */
  language: languageCode.optional(),
  title: z
    .string()
    .trim()
    .min(1, { error: 'Give the document a title.' })
    .max(200, { error: 'Titles are at most 200 characters.' }),
  content: z
    .string()
    .trim()
    .min(1, { error: 'Paste some text.' })
    .max(maxDocumentChars, {
      error: `Documents are at most ${maxDocumentChars.toLocaleString('en')} characters.`,
    }),
})

export const documentRefSchema = chatbotRef.extend({ documentId: uuid })

/** The file name without its extension, as a document title. */
export const titleFromFileName = (name: string) =>
  name
    .replace(/\.(txt|md|markdown)$/i, '')
    .trim()
    .slice(0, 200) || 'Untitled'

export function uploadProblem(file: { name: string; size: number }): string | undefined {
  const lower = file.name.toLowerCase()
  if (!uploadExtensions.some((ext) => lower.endsWith(ext))) return `${file.name}: only .txt and .md files.`
  if (file.size === 0) return `${file.name} is empty.`
  if (file.size > maxUploadBytes) return `${file.name} is larger than ${maxUploadBytes / 1024} KB.`
  return undefined
}

const intFrom = (min: number, max: number, what: string) =>
  z.coerce
    .number({ error: `Enter ${what} as a number.` })
    .int({ error: `Enter ${what} as a whole number.` })
    .min(min, { error: `${what} is at least ${min}.` })
    .max(max, { error: `${what} is at most ${max}.` })

/** The AI provider form; an empty provider means answers come from FAQs and knowledge only. */
export const aiSettingsSchema = chatbotRef
  .extend({
    provider: z.enum(['', ...Constants.public.Enums.ai_provider], { error: 'Choose a provider.' }),
    baseUrl: z
      .string()
      .trim()
      .max(500, { error: 'Addresses are at most 500 characters.' })
      .refine((v) => v === '' || /^https?:\/\/\S+$/.test(v), { error: 'Start the address with https://.' }),
    model: z.string().trim().max(200, { error: 'Model names are at most 200 characters.' }),
    apiKey: z.string().trim().max(500, { error: 'Keys are at most 500 characters.' }),
    clearKey: z.enum(['on']).optional(),
    timeoutMs: intFrom(1000, 120000, 'The timeout'),
    maxTokens: intFrom(16, 8192, 'The answer length'),
  })
  .refine((v) => v.provider === '' || v.model !== '', { error: 'Name the model to use.', path: ['model'] })

/** The chatbot's languages (first is the main one) and its greeting in each. */
export const languageSettingsSchema = chatbotRef.extend({
  languages: z
    .string()
    .transform((v) => [
      ...new Set(
        v
          .split(/[\s,]+/)
          .filter(Boolean)
          .map((l) => l.toLowerCase()),
      ),
    ])
    .pipe(z.array(languageCode).min(1, { error: 'List at least one language.' }).max(20)),
  greetings: z.record(languageCode, appearanceSchema.shape.greeting),
})

const consentText = z.string().trim().max(2000, { error: 'The consent text is at most 2000 characters.' })

/** Consent before the chat: on or off, and its text per language (the main language's is required). */
export const consentSettingsSchema = chatbotRef
  .extend({
    required: z.enum(['on']).optional(),
    main: languageCode,
    texts: z.record(languageCode, consentText),
  })
  .refine((v) => (v.texts[v.main] ?? '') !== '', {
    error: 'Write the consent text in the main language.',
    path: ['texts'],
  })
