import type { Database, Json, Tables } from '@parley/supabase/database'
import { jsonObject } from '../json.ts'

/** Chatbot rows as the dashboard reads them: the columns it selects, typed by the generated Database type. */
export type Chatbot = Pick<
  Tables<'chatbots'>,
  | 'id'
  | 'store_id'
  | 'name'
  | 'public_id'
  | 'greeting'
  | 'greetings'
  | 'languages'
  | 'theme'
  | 'prechat_form'
  | 'lead_scoring'
  | 'bot_offers_booking'
  | 'bot_payables'
  | 'created_at'
  | 'consent_required'
  | 'consent_text'
  | 'consent_texts'
  | 'consent_version'
  | 'consent_changed_at'
>

type ConsentRow = Database['public']['Functions']['chatbot_consents']['Returns'][number]
/**
 * Who agreed to a chatbot's consent text (a row of `chatbot_consents`). The generator types a function's
 * columns as never null; the contact, the conversation and the language are left joins, so they may be.
 */
export type ConsentRecord = {
  [K in keyof ConsentRow]: K extends 'id' | 'given_at' | 'consent_version'
    ? ConsentRow[K]
    : ConsentRow[K] | null
}

export type Faq = Pick<Tables<'faqs'>, 'id' | 'question' | 'answer' | 'position' | 'language'>

export type KnowledgeDocument = Pick<
  Tables<'knowledge_documents'>,
  'id' | 'title' | 'source' | 'created_at' | 'language'
> & {
  chunks: number
}

/** chatbot_ai_settings as owners and admins read it: the key itself is never readable, only whether it is set. */
export type AiSettings = Pick<
  Tables<'chatbot_ai_settings'>,
  'provider' | 'base_url' | 'model' | 'has_api_key' | 'timeout_ms' | 'max_tokens'
>

export type ResponderFailure = Pick<
  Tables<'responder_failures'>,
  'id' | 'provider' | 'kind' | 'http_status' | 'detail' | 'created_at'
>

/** chatbots.theme as the widget reads it; every key is optional (the widget applies defaults). */
export type ChatbotTheme = {
  color?: string
  position?: 'left' | 'right'
  avatarUrl?: string
  title?: string
}

/** The widget's default colour, used when a theme has none. */
export const defaultColor = '#0f766e'

const text = (value: Json | undefined) => (typeof value === 'string' && value ? value : undefined)

/** The theme with the widget's defaults filled in. */
export function resolveTheme(theme: Json): Required<Pick<ChatbotTheme, 'color' | 'position'>> & ChatbotTheme {
  const entries = jsonObject(theme)
  return {
    color: text(entries.color) ?? defaultColor,
    position: entries.position === 'left' ? 'left' : 'right',
    avatarUrl: text(entries.avatarUrl),
    title: text(entries.title),
  }
}
