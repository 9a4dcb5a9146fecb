// The database's shapes as the widget reads them: rows of `messages` and `chat_sessions`, what the chat
// function answers and what `rpc('widget_config')` returns. Kept in this one file so that the Database
// type generated from the migrations can replace them.

export type Sender = 'customer' | 'bot' | 'agent' | 'system'

/** A `messages` row (the columns the widget selects). */
export type MessageRow = {
  id: number
  session_id: string
  sender: Sender
  content: string
  created_at: string
  client_id?: string | null
}

export type SessionStatus = 'bot' | 'queued' | 'human' | 'resolved'

/** `chat_sessions.handoff_state`: where the Chatwoot handoff stands (null: no handoff through Chatwoot). */
export type HandoffState = 'pending' | 'delivered' | 'failing' | 'dead' | null

/** The `chat_sessions` columns the Chat tab reads and realtime sends on update. */
export type SessionState = { status: SessionStatus; handoff_state?: HandoffState }

/** A session as the chat function returns it. */
export type SessionInfo = { id: string; status: SessionStatus; chatbot_id: string; started_at: string }

/** A `chat_sessions` row with its latest message, as the History tab lists it. */
export type SessionSummary = {
  id: string
  status: string
  started_at: string
  last_message_at: string
  messages: { content: string; sender: string }[]
}

export type Faq = { id: string; question: string; answer: string }

/** What `rpc('widget_config', { p_public_id })` returns, as the widget uses it. */
export type WidgetConfig = {
  chatbot: {
    id: string
    public_id: string
    name: string
    greeting: string
    languages: string[]
    theme: Record<string, unknown>
  }
  store: { name: string }
  faqs: Faq[]
  /** What a visitor waiting for a person is told (stores.business_hours, reply_time, fallback contact). */
  handoff?: HandoffInfo
}

export type HandoffInfo = {
  business_hours: Record<string, unknown>
  reply_time: string | null
  fallback_phone: string | null
  fallback_email: string | null
}
