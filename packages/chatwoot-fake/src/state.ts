// In-memory Chatwoot data. Ids are global per table, conversations also get a per-account display_id.
import { randomBytes, randomUUID } from 'node:crypto'

export type Json = Record<string, unknown>

export interface AccountRec {
  id: number
  name: string
  locale: string
  domain: string | null
  support_email: string | null
  status: 'active' | 'suspended'
  features: Record<string, boolean>
  custom_attributes: Json
  limits: Json
  /** Created through the platform app (so the platform token may touch it). */
  permissible: boolean
  nextDisplayId: number
  created_at: string
}

export interface UserRec {
  id: number
  name: string
  display_name: string | null
  email: string
  password: string
  access_token: string
  pubsub_token: string
  uid: string
  custom_attributes: Json
  permissible: boolean
}

export interface AccountUserRec {
  id: number
  account_id: number
  user_id: number
  role: 'agent' | 'administrator'
  availability: string
  auto_offline: boolean
  active_at: string | null
  inviter_id: number | null
  custom_role_id: null
  agent_capacity_policy_id: null
  created_at: string
  updated_at: string
}

export interface InboxRec {
  id: number
  account_id: number
  name: string
  channel_id: number
  channel_type: 'Channel::WebWidget' | 'Channel::Api'
  /** API channel only. */
  webhook_url: string | null
  inbox_identifier: string | null
  secret: string | null
  greeting_enabled: boolean
  greeting_message: string | null
  enable_auto_assignment: boolean
  working_hours_enabled: boolean
  out_of_office_message: string | null
  timezone: string
  lock_to_single_conversation: boolean
  website_url: string
  widget_color: string
  welcome_title: string
  welcome_tagline: string
  reply_time: string
  website_token: string
  hmac_token: string
  hmac_mandatory: boolean
  pre_chat_form_enabled: boolean
  pre_chat_form_options: Json
  continuity_via_email: boolean
  allowed_domains: string
  selected_feature_flags: string[]
}

export interface WebhookRec {
  id: number
  account_id: number
  name: string | null
  url: string
  subscriptions: string[]
  secret: string
  inbox_id: number | null
}

export interface CustomAttributeDefinitionRec {
  id: number
  account_id: number
  attribute_display_name: string
  attribute_key: string
  attribute_display_type: string
  attribute_model: string
  attribute_description: string | null
  attribute_values: string[]
  regex_pattern: string | null
  regex_cue: string | null
  default_value: null
  created_at: string
  updated_at: string
}

export interface ContactRec {
  id: number
  account_id: number
  name: string
  email: string | null
  phone_number: string | null
  identifier: string | null
  blocked: boolean
  avatar_url: string
  custom_attributes: Json
  additional_attributes: Json
  created_at: number
  last_activity_at: number | null
}

export interface ContactInboxRec {
  id: number
  contact_id: number
  inbox_id: number
  source_id: string
  hmac_verified: boolean
}

export type ConversationStatus = 'open' | 'resolved' | 'pending' | 'snoozed'

export interface ConversationRec {
  id: number
  display_id: number
  uuid: string
  account_id: number
  inbox_id: number
  contact_id: number
  contact_inbox_id: number
  status: ConversationStatus
  assignee_id: number | null
  priority: string | null
  snoozed_until: number | null
  labels: string[]
  custom_attributes: Json
  additional_attributes: Json
  created_at: number
  updated_at: number
  last_activity_at: number
  waiting_since: number | null
}

export interface MessageRec {
  id: number
  account_id: number
  inbox_id: number
  conversation_id: number
  content: string | null
  message_type: 0 | 1 | 2 | 3
  content_type: string
  content_attributes: Json
  private: boolean
  source_id: string | null
  echo_id?: string
  status: string
  sender_type: 'User' | 'Contact' | null
  sender_id: number | null
  created_at: number
}

/** A file on a message (Chatwoot keeps it in ActiveStorage; the fake serves it at data_url). */
export interface AttachmentRec {
  id: number
  message_id: number
  account_id: number
  file_type: 'image' | 'audio' | 'video' | 'file'
  extension: string | null
  content_type: string
  name: string
  bytes: Buffer
  /** The blob's key in its URL. */
  key: string
}

/** A file as a multipart request or the control API hands it over. */
export interface UploadedFile {
  name: string
  type: string
  bytes: Buffer
}

export interface DashboardAppRec {
  id: number
  account_id: number
  title: string
  content: { type: 'frame'; url: string }[]
  user_id: number
  created_at: string
}

export interface RecordedRequest {
  at: number
  method: string
  /** Path without the query string. */
  path: string
  query: Record<string, string>
  headers: Record<string, string | string[] | undefined>
  rawBody: string
  body: unknown
  /** Operation matched in the vendored contract, and what did not validate. */
  operationId?: string
  contractErrors: string[]
  status?: number
  /** Answered by injected failure (failNext / down / delay) rather than the fake's handlers. */
  injected?: string
}

export interface Delivery {
  id: string
  /** 0 for an API-channel inbox's webhook_url. */
  webhookId: number
  accountId: number
  url: string
  event: string
  body: string
  headers: Record<string, string>
  status?: number
  error?: string
  done: boolean
}

export function createState() {
  return {
    accounts: new Map<number, AccountRec>(),
    users: new Map<number, UserRec>(),
    accountUsers: [] as AccountUserRec[],
    inboxes: new Map<number, InboxRec>(),
    webhooks: new Map<number, WebhookRec>(),
    customAttributeDefinitions: new Map<number, CustomAttributeDefinitionRec>(),
    contacts: new Map<number, ContactRec>(),
    contactInboxes: new Map<number, ContactInboxRec>(),
    conversations: new Map<number, ConversationRec>(),
    messages: new Map<number, MessageRec>(),
    attachments: new Map<number, AttachmentRec>(),
    /** Where the fake listens: attachments' data_url starts with it. */
    baseUrl: '',
    dashboardApps: new Map<number, DashboardAppRec>(),
    requests: [] as RecordedRequest[],
    deliveries: [] as Delivery[],
    seq: {} as Record<string, number>,
  }
}

export type FakeState = ReturnType<typeof createState>

export function nextId(state: FakeState, table: string): number {
  state.seq[table] = (state.seq[table] ?? 0) + 1
  return state.seq[table]
}

export const token = (bytes = 12) => randomBytes(bytes).toString('base64url')
export const uuid = () => randomUUID()
export const unix = () => Math.floor(Date.now() / 1000)
export const iso = () => new Date().toISOString()

export function conversationByDisplayId(state: FakeState, accountId: number, displayId: number) {
  for (const c of state.conversations.values())
    if (c.account_id === accountId && c.display_id === displayId) return c
  return undefined
}

export function adminOf(state: FakeState, accountId: number): UserRec | undefined {
  const row = state.accountUsers.find((au) => au.account_id === accountId && au.role === 'administrator')
  return row ? state.users.get(row.user_id) : undefined
}
