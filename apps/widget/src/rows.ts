// The database's shapes as the widget reads them: rows of `messages` and `chat_sessions`, what the chat
// function answers and what `rpc('widget_config')` returns, from the Database type generated from the
// migrations. Type-only imports: nothing of @parley/supabase reaches the bundle.
import type { Enums, Tables } from '@parley/supabase/database'

export type Sender = Enums<'message_sender'>

/** A `messages` row (the columns the widget selects); the chat function's answers may leave out client_id. */
export type MessageRow = Pick<Tables<'messages'>, 'id' | 'session_id' | 'sender' | 'content' | 'created_at'> &
  Partial<Pick<Tables<'messages'>, 'client_id' | 'attachments' | 'metadata'>>

/** A payment request's card: what the shopper pays, its Checkout page and where it stands. */
export type PaymentRow = Pick<
  Tables<'payment_requests'>,
  'id' | 'amount' | 'currency' | 'description' | 'status' | 'checkout_url' | 'expires_at'
>

export type SessionStatus = Enums<'chat_session_status'>

/**
 * `chat_sessions.handoff_state`: where the Chatwoot handoff stands, 'pending', 'delivered', 'failing' or
 * 'dead' (null: no handoff through Chatwoot). Text in the schema while the job system settles it.
 */
export type HandoffState = Tables<'chat_sessions'>['handoff_state']

/** The `chat_sessions` columns the Chat tab reads and realtime sends on update. */
export type SessionState = Pick<Tables<'chat_sessions'>, 'status' | 'handoff_state'>

/** A session as the chat function returns it. */
export type SessionInfo = Pick<Tables<'chat_sessions'>, 'id' | 'status' | 'chatbot_id' | 'started_at'>

/** A `chat_sessions` row with its latest message, as the History tab lists it. */
export type SessionSummary = Pick<
  Tables<'chat_sessions'>,
  'id' | 'status' | 'started_at' | 'last_message_at'
> & {
  messages: Pick<Tables<'messages'>, 'content' | 'sender'>[]
}

export type Faq = Pick<Tables<'faqs'>, 'id' | 'question' | 'answer' | 'language'>

/** What `rpc('widget_config', { p_public_id })` returns (json to SQL), as the widget uses it. */
export type WidgetConfig = {
  chatbot: Pick<Tables<'chatbots'>, 'id' | 'public_id' | 'name' | 'greeting' | 'greetings' | 'languages'> & {
    theme: Record<string, unknown>
    /** chatbots.prechat_form: read by prechat-due.ts, and by the form chunk when it is shown */
    prechat_form?: unknown
  }
  store: Pick<Tables<'stores'>, 'name'>
  faqs: Faq[]
  /** What a visitor waiting for a person is told (stores.business_hours, reply_time, fallback contact). */
  handoff?: HandoffInfo
}

export type HandoffInfo = Pick<Tables<'stores'>, 'reply_time' | 'fallback_phone' | 'fallback_email'> & {
  business_hours: Record<string, unknown>
}
