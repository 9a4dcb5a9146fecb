// Webhook payloads, as account webhooks and an API inbox's webhook_url deliver them. message_type is a
// STRING here, unlike REST.
import type { ConversationStatus, Json, WebhookEventName } from './types.ts'

export interface WebhookAccountRef {
  id: number
  name: string
}

export interface WebhookConversation {
  id: number
  inbox_id: number
  status: ConversationStatus
  channel?: string
  can_reply?: boolean
  labels: string[]
  custom_attributes: Json
  additional_attributes: Json
  priority?: string | null
  snoozed_until?: number | null
  unread_count?: number
  waiting_since?: number | null
  last_activity_at?: number
  timestamp?: number
  created_at?: number
  updated_at?: number
  contact_inbox?: { source_id: string } & Json
  meta: {
    sender?: Json & { id: number }
    assignee?: Json | null
    assignee_type?: string | null
    team?: Json | null
    hmac_verified?: boolean
  }
  messages: Json[]
  account?: WebhookAccountRef
}

export type ChangedAttributes = Record<string, { previous_value: unknown; current_value: unknown }>[]

export interface ConversationEvent extends WebhookConversation {
  event: 'conversation_created' | 'conversation_updated' | 'conversation_status_changed'
  changed_attributes?: ChangedAttributes
}

export interface MessageEvent {
  event: 'message_created' | 'message_updated'
  id: number
  content: string | null
  content_type: string
  content_attributes: Json
  message_type: 'incoming' | 'outgoing' | 'template'
  private: boolean
  source_id: string | null
  created_at: string
  additional_attributes?: Json
  attachments?: Json[]
  /** A contact has no `type`; an agent has type "user"; a bot "agent_bot". */
  sender?: (Json & { id: number; name?: string; type?: 'user' | 'agent_bot' | 'contact' }) | null
  inbox: { id: number; name: string }
  account: WebhookAccountRef
  conversation: WebhookConversation
}

export interface ContactEvent {
  event: 'contact_created' | 'contact_updated'
  id: number
  name: string | null
  email: string | null
  phone_number: string | null
  identifier: string | null
  avatar?: string
  thumbnail?: string
  blocked?: boolean
  custom_attributes: Json
  additional_attributes: Json
  account: WebhookAccountRef
  changed_attributes?: ChangedAttributes
}

export interface TypingEvent {
  event: 'conversation_typing_on' | 'conversation_typing_off'
  user: Json & { id: number; name?: string; type?: string }
  conversation: WebhookConversation
  is_private: boolean
}

export interface OtherEvent {
  event: Exclude<
    WebhookEventName,
    ConversationEvent['event'] | MessageEvent['event'] | ContactEvent['event'] | TypingEvent['event']
  >
  [key: string]: unknown
}

export type WebhookEvent = ConversationEvent | MessageEvent | ContactEvent | TypingEvent | OtherEvent
