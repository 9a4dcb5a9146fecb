/** Chatbot rows as the dashboard reads them (supabase/migrations 2026112300030_chat.sql and issue 3's contract). */
export type WidgetPosition = 'left' | 'right'

/** chatbots.theme as the widget reads it; every key is optional (the widget applies defaults). */
export type ChatbotTheme = {
  color?: string
  position?: WidgetPosition
  avatarUrl?: string
  title?: string
}

export type Chatbot = {
  id: string
  store_id: string
  name: string
  public_id: string
  greeting: string
  languages: string[]
  theme: ChatbotTheme & Record<string, unknown>
  created_at: string
}

export type Faq = { id: string; question: string; answer: string; position: number }

export type KnowledgeDocument = {
  id: string
  title: string
  source: 'paste' | 'upload'
  created_at: string
  chunks: number
}

/** The widget's default colour, used when a theme has none. */
export const defaultColor = '#0f766e'

/** The theme with the widget's defaults filled in. */
export function resolveTheme(
  theme: Chatbot['theme'],
): Required<Omit<ChatbotTheme, 'avatarUrl' | 'title'>> & Pick<ChatbotTheme, 'avatarUrl' | 'title'> {
  return {
    color: theme.color ?? defaultColor,
    position: theme.position === 'left' ? 'left' : 'right',
    avatarUrl: theme.avatarUrl,
    title: theme.title,
  }
}

export type AiProvider = 'openai' | 'anthropic'

/** chatbot_ai_settings as owners and admins read it: the key itself is never readable, only whether it is set. */
export type AiSettings = {
  provider: AiProvider | null
  base_url: string | null
  model: string | null
  has_api_key: boolean
  timeout_ms: number
  max_tokens: number
}

export type ResponderFailure = {
  id: number
  provider: string
  kind: 'timeout' | 'http_error' | 'rate_limited' | 'network' | 'bad_response'
  http_status: number | null
  detail: string
  created_at: string
}
