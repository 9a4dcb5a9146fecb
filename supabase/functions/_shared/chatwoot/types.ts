// Shapes of the Chatwoot 4.14 objects Parley uses (Platform and Application API). Only the fields we rely on are typed.

export type Json = Record<string, unknown>

export interface Account {
  id: number
  name: string
  locale?: string
  domain?: string | null
  support_email?: string | null
  status?: 'active' | 'suspended'
  features?: Record<string, boolean>
  custom_attributes?: Json
  limits?: Json
}

export interface AccountInput {
  name?: string
  locale?: string
  domain?: string
  support_email?: string
  status?: 'active' | 'suspended'
  limits?: Json
  custom_attributes?: Json
  /** Not in the spec, accepted by the server. */
  features?: Record<string, boolean>
}

export interface User {
  id: number
  access_token?: string
  email: string
  name: string
  display_name?: string | null
  uid?: string
  pubsub_token?: string
  confirmed?: boolean
  role?: string
  account_id?: number | null
  accounts?: { id: number; name: string; role: AccountRole; active_at?: string | null }[]
  custom_attributes?: Json
}

export interface UserInput {
  name?: string
  display_name?: string
  email?: string
  /** 6–128 chars with an uppercase, a lowercase, a digit and a special character. */
  password?: string
  custom_attributes?: Json
}

export interface UserToken {
  access_token: string
  expiry: null | string
  user: { id: number; name: string; display_name?: string | null; email: string; pubsub_token?: string }
}

export type AccountRole = 'agent' | 'administrator'

export interface AccountUser {
  id: number
  account_id: number
  user_id: number
  role: AccountRole
  availability?: string | number
  auto_offline?: boolean
  inviter_id?: number | null
  created_at?: string
  updated_at?: string
}

export type ReplyTime = 'in_a_few_minutes' | 'in_a_few_hours' | 'in_a_day'

export interface WebWidgetChannelInput {
  type: 'web_widget'
  website_url: string
  widget_color?: string
  welcome_title?: string
  welcome_tagline?: string
  reply_time?: ReplyTime
  pre_chat_form_enabled?: boolean
  pre_chat_form_options?: Json
  continuity_via_email?: boolean
  hmac_mandatory?: boolean
  allowed_domains?: string
  selected_feature_flags?: string[]
}

export interface ApiChannelInput {
  type: 'api'
  /** Chatwoot POSTs this inbox's conversation, message and typing events here, signed with the inbox `secret`. */
  webhook_url?: string
  hmac_mandatory?: boolean
  additional_attributes?: Json
}

export interface InboxInput {
  name?: string
  greeting_enabled?: boolean
  greeting_message?: string
  enable_auto_assignment?: boolean
  working_hours_enabled?: boolean
  out_of_office_message?: string
  timezone?: string
  lock_to_single_conversation?: boolean
  channel?: Partial<Omit<WebWidgetChannelInput, 'type'>> & {
    webhook_url?: string
    type?: 'web_widget' | 'api'
  }
}

export interface Inbox {
  id: number
  name: string
  channel_id: number
  channel_type: string
  website_url?: string
  widget_color?: string
  website_token?: string
  web_widget_script?: string
  /** Only present for administrators. */
  hmac_token?: string
  /** API channel: callback URL, public-API identifier and (administrators only) the signing secret. */
  webhook_url?: string | null
  inbox_identifier?: string
  secret?: string
  hmac_mandatory?: boolean
  reply_time?: ReplyTime
  welcome_title?: string
  welcome_tagline?: string
  greeting_enabled?: boolean
  enable_auto_assignment?: boolean
  selected_feature_flags?: string[]
}

export const WEBHOOK_EVENTS = [
  'conversation_created',
  'conversation_status_changed',
  'conversation_updated',
  'contact_created',
  'contact_updated',
  'message_created',
  'message_updated',
  'webwidget_triggered',
  'inbox_created',
  'inbox_updated',
  'conversation_typing_on',
  'conversation_typing_off',
] as const
export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number]

export interface WebhookInput {
  url?: string
  name?: string
  subscriptions?: WebhookEventName[]
  inbox_id?: number
}

export interface Webhook {
  id: number
  name?: string | null
  url: string
  account_id: number
  subscriptions: WebhookEventName[]
  /** HMAC signing key; only shown to administrators. */
  secret?: string
  inbox?: { id: number; name: string } | null
}

export type AttributeDisplayType =
  | 'text'
  | 'number'
  | 'currency'
  | 'percent'
  | 'link'
  | 'date'
  | 'list'
  | 'checkbox'
export type AttributeModel = 'conversation_attribute' | 'contact_attribute'

export interface CustomAttributeDefinitionInput {
  attribute_display_name: string
  attribute_key: string
  attribute_display_type: AttributeDisplayType
  attribute_model: AttributeModel
  attribute_description?: string
  attribute_values?: string[]
  regex_pattern?: string
  regex_cue?: string
}

export interface CustomAttributeDefinition {
  id: number
  attribute_display_name: string
  attribute_key: string
  attribute_display_type: AttributeDisplayType
  attribute_model: AttributeModel
  attribute_description?: string | null
  attribute_values?: string[]
  default_value?: unknown
  created_at?: string
  updated_at?: string
}

export interface SlimInbox {
  id: number
  name: string
  channel_id?: number
  channel_type?: string
  provider?: string | null
  avatar_url?: string
}

export interface ContactInbox {
  source_id: string
  inbox: SlimInbox
  hmac_verified?: boolean
}

export interface ContactInput {
  name?: string
  email?: string
  phone_number?: string
  identifier?: string
  blocked?: boolean
  avatar_url?: string
  additional_attributes?: Json
  custom_attributes?: Json
}

export interface Contact {
  id: number
  name: string | null
  email: string | null
  phone_number: string | null
  identifier: string | null
  blocked?: boolean
  thumbnail?: string
  custom_attributes: Json
  additional_attributes: Json
  availability_status?: string
  created_at?: number
  last_activity_at?: number | null
  contact_inboxes?: ContactInbox[]
}

export interface ContactSearchResult {
  meta: { count: number; current_page: number | string; has_more?: boolean }
  payload: Contact[]
}

export type ConversationStatus = 'open' | 'resolved' | 'pending' | 'snoozed'

export interface ConversationInput {
  inbox_id: number
  contact_id: number
  source_id?: string
  status?: 'open' | 'resolved' | 'pending'
  assignee_id?: number
  team_id?: number
  additional_attributes?: Json
  custom_attributes?: Json
  message?: { content: string }
}

export interface Conversation {
  id: number
  uuid?: string
  account_id: number
  inbox_id: number
  status: ConversationStatus
  labels?: string[]
  custom_attributes: Json
  additional_attributes: Json
  meta: {
    sender?: Partial<Contact> & { id: number }
    assignee?: { id: number; name: string } | null
    channel?: string
    hmac_verified?: boolean
  }
  messages?: Message[]
  priority?: string | null
  snoozed_until?: number | null
  created_at?: number
  timestamp?: number
}

export interface ToggleStatusResult {
  meta: Json
  payload: {
    success: boolean
    conversation_id: number
    current_status: ConversationStatus
    snoozed_until?: number | null
  }
}

/** REST message_type is an integer (webhooks use the string names). */
export const MessageType = { incoming: 0, outgoing: 1, activity: 2, template: 3 } as const
export type MessageTypeName = keyof typeof MessageType

export interface MessageInput {
  content: string
  /** Only outgoing works for website inboxes; incoming needs an API inbox. */
  message_type?: 'outgoing' | 'incoming'
  /** A private note (never shown to the visitor) is outgoing + private. */
  private?: boolean
  content_type?: 'text' | 'input_email' | 'cards' | 'input_select' | 'form' | 'article'
  content_attributes?: Json
  echo_id?: string
  source_id?: string
}

/** A file sent with a message (multipart `attachments[]`). */
export interface MessageFile {
  name: string
  type: string
  bytes: Uint8Array
}

export interface Message {
  id: number
  content: string | null
  inbox_id: number
  conversation_id: number
  message_type: 0 | 1 | 2 | 3
  content_type: string
  status?: string
  content_attributes: Json
  created_at: number
  private: boolean
  source_id?: string | null
  sender?: Json & { id?: number; type?: string }
  attachments?: Json[]
}

export interface MessageList {
  meta: Json
  payload: Message[]
}

export interface DashboardAppInput {
  title: string
  content: { type: 'frame'; url: string }[]
}

export interface DashboardApp {
  id: number
  title: string
  content: { type: 'frame'; url: string }[]
  created_at?: string
}
