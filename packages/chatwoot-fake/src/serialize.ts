// JSON shapes the real server renders: its REST jbuilder views (Platform and Application API) and the
// webhook_data of its events.
import type {
  AccountRec,
  AccountUserRec,
  ContactInboxRec,
  ContactRec,
  ConversationRec,
  CustomAttributeDefinitionRec,
  FakeState,
  InboxRec,
  Json,
  MessageRec,
  UserRec,
  WebhookRec,
} from './state.ts'

export function account(a: AccountRec) {
  const { id, name, locale, domain, support_email, features, custom_attributes, limits, status } = a
  return { id, name, locale, domain, support_email, features, custom_attributes, limits, status }
}

export function user(state: FakeState, u: UserRec, withToken = true) {
  const memberships = state.accountUsers.filter((au) => au.user_id === u.id)
  const first = memberships[0]
  return {
    id: u.id,
    ...(withToken ? { access_token: u.access_token } : {}),
    account_id: first?.account_id ?? null,
    available_name: u.display_name ?? u.name,
    confirmed: true,
    display_name: u.display_name,
    email: u.email,
    name: u.name,
    provider: 'email',
    pubsub_token: u.pubsub_token,
    role: first?.role ?? null,
    uid: u.uid,
    custom_attributes: u.custom_attributes,
    ui_settings: {},
    accounts: memberships.map((au) => ({
      id: au.account_id,
      name: state.accounts.get(au.account_id)?.name ?? '',
      role: au.role,
      active_at: au.active_at,
      availability: au.availability,
    })),
  }
}

export function accountUser(au: AccountUserRec) {
  return { ...au }
}

export function inbox(i: InboxRec, isAdmin: boolean) {
  if (i.channel_type === 'Channel::Api') return apiInbox(i, isAdmin)
  const out: Json = {
    id: i.id,
    avatar_url: '',
    channel_id: i.channel_id,
    name: i.name,
    channel_type: i.channel_type,
    greeting_enabled: i.greeting_enabled,
    greeting_message: i.greeting_message,
    working_hours_enabled: i.working_hours_enabled,
    enable_email_collect: true,
    csat_survey_enabled: false,
    enable_auto_assignment: i.enable_auto_assignment,
    out_of_office_message: i.out_of_office_message,
    working_hours: [],
    timezone: i.timezone,
    allow_messages_after_resolved: true,
    lock_to_single_conversation: i.lock_to_single_conversation,
    sender_name_type: 'friendly',
    business_name: null,
    widget_color: i.widget_color,
    website_url: i.website_url,
    hmac_mandatory: i.hmac_mandatory,
    welcome_title: i.welcome_title,
    welcome_tagline: i.welcome_tagline,
    web_widget_script: widgetScript(i.website_token),
    website_token: i.website_token,
    selected_feature_flags: i.selected_feature_flags,
    reply_time: i.reply_time,
    pre_chat_form_enabled: i.pre_chat_form_enabled,
    pre_chat_form_options: i.pre_chat_form_options,
    continuity_via_email: i.continuity_via_email,
    allowed_domains: i.allowed_domains,
  }
  if (isAdmin) out.hmac_token = i.hmac_token
  return out
}

/** API-channel inbox: webhook_url and inbox_identifier; hmac_token and secret only for administrators. */
function apiInbox(i: InboxRec, isAdmin: boolean) {
  const out: Json = {
    id: i.id,
    avatar_url: '',
    channel_id: i.channel_id,
    name: i.name,
    channel_type: i.channel_type,
    greeting_enabled: i.greeting_enabled,
    greeting_message: i.greeting_message,
    working_hours_enabled: i.working_hours_enabled,
    enable_auto_assignment: i.enable_auto_assignment,
    timezone: i.timezone,
    lock_to_single_conversation: i.lock_to_single_conversation,
    webhook_url: i.webhook_url,
    inbox_identifier: i.inbox_identifier,
    hmac_mandatory: i.hmac_mandatory,
  }
  if (isAdmin) {
    out.hmac_token = i.hmac_token
    out.secret = i.secret
  }
  return out
}

function widgetScript(websiteToken: string) {
  return `<script>(function(d,t){var BASE_URL="";var g=d.createElement(t),s=d.getElementsByTagName(t)[0];g.src=BASE_URL+"/packs/js/sdk.js";g.async=true;s.parentNode.insertBefore(g,s);g.onload=function(){window.chatwootSDK.run({websiteToken:'${websiteToken}',baseUrl:BASE_URL})}})(document,"script");</script>`
}

export function slimInbox(i: InboxRec) {
  return {
    id: i.id,
    avatar_url: '',
    channel_id: i.channel_id,
    name: i.name,
    channel_type: 'Channel::WebWidget',
    provider: null,
  }
}

export function webhook(state: FakeState, w: WebhookRec, isAdmin: boolean) {
  const inboxRec = w.inbox_id ? state.inboxes.get(w.inbox_id) : undefined
  return {
    id: w.id,
    name: w.name,
    url: w.url,
    account_id: w.account_id,
    subscriptions: w.subscriptions,
    ...(isAdmin ? { secret: w.secret } : {}),
    ...(inboxRec ? { inbox: { id: inboxRec.id, name: inboxRec.name } } : {}),
  }
}

export function customAttributeDefinition(d: CustomAttributeDefinitionRec) {
  const { account_id: _, ...rest } = d
  return rest
}

export function contactInbox(state: FakeState, ci: ContactInboxRec) {
  const i = state.inboxes.get(ci.inbox_id)
  return { source_id: ci.source_id, inbox: i ? slimInbox(i) : null }
}

export function contact(state: FakeState, c: ContactRec, withInboxes = true) {
  const out: Json = {
    additional_attributes: c.additional_attributes,
    availability_status: 'offline',
    email: c.email,
    id: c.id,
    name: c.name,
    phone_number: c.phone_number,
    blocked: c.blocked,
    identifier: c.identifier,
    thumbnail: c.avatar_url,
    custom_attributes: c.custom_attributes,
    created_at: c.created_at,
    last_activity_at: c.last_activity_at,
  }
  if (withInboxes)
    out.contact_inboxes = [...state.contactInboxes.values()]
      .filter((ci) => ci.contact_id === c.id)
      .map((ci) => contactInbox(state, ci))
  return out
}

function sender(state: FakeState, m: MessageRec): Json | null {
  if (m.sender_type === 'User' && m.sender_id) {
    const u = state.users.get(m.sender_id)
    return u
      ? {
          id: u.id,
          name: u.name,
          available_name: u.display_name ?? u.name,
          avatar_url: '',
          type: 'user',
          email: u.email,
        }
      : null
  }
  if (m.sender_type === 'Contact' && m.sender_id) {
    const c = state.contacts.get(m.sender_id)
    return c ? { ...contact(state, c, false), type: 'contact' } : null
  }
  return null
}

/** A message's files as Chatwoot lists them (only present when there are some). */
function attachments(state: FakeState, m: MessageRec) {
  const list = [...state.attachments.values()]
    .filter((a) => a.message_id === m.id)
    .map((a) => {
      const url = `${state.baseUrl}/rails/active_storage/blobs/redirect/${a.key}/${encodeURIComponent(a.name)}`
      return {
        id: a.id,
        message_id: a.message_id,
        file_type: a.file_type,
        account_id: a.account_id,
        extension: a.extension,
        data_url: url,
        thumb_url: a.file_type === 'image' ? url : '',
        file_size: a.bytes.length,
        width: null,
        height: null,
      }
    })
  return list.length > 0 ? { attachments: list } : {}
}

/** REST message: message_type is an INTEGER. */
export function message(state: FakeState, m: MessageRec) {
  return {
    id: m.id,
    content: m.content,
    inbox_id: m.inbox_id,
    conversation_id: conversationDisplayId(state, m.conversation_id),
    message_type: m.message_type,
    content_type: m.content_type,
    status: m.status,
    content_attributes: m.content_attributes,
    created_at: m.created_at,
    private: m.private,
    source_id: m.source_id,
    ...(m.echo_id ? { echo_id: m.echo_id } : {}),
    ...attachments(state, m),
    sender: sender(state, m),
  }
}

function conversationDisplayId(state: FakeState, conversationId: number) {
  return state.conversations.get(conversationId)?.display_id ?? conversationId
}

function meta(state: FakeState, c: ConversationRec) {
  const contactRec = state.contacts.get(c.contact_id)
  const assignee = c.assignee_id ? state.users.get(c.assignee_id) : undefined
  const ci = state.contactInboxes.get(c.contact_inbox_id)
  return {
    sender: contactRec ? { ...contact(state, contactRec, false), type: 'contact' } : null,
    assignee: assignee ? { id: assignee.id, name: assignee.name, email: assignee.email, type: 'user' } : null,
    assignee_type: assignee ? 'User' : null,
    team: null,
    channel: state.inboxes.get(c.inbox_id)?.channel_type ?? 'Channel::WebWidget',
    hmac_verified: ci?.hmac_verified ?? false,
  }
}

function conversationMessages(state: FakeState, c: ConversationRec) {
  return [...state.messages.values()].filter((m) => m.conversation_id === c.id)
}

/** REST conversation (POST /conversations, GET /conversations/{id}). */
export function conversation(state: FakeState, c: ConversationRec) {
  return {
    id: c.display_id,
    uuid: c.uuid,
    account_id: c.account_id,
    inbox_id: c.inbox_id,
    status: c.status,
    labels: c.labels,
    custom_attributes: c.custom_attributes,
    additional_attributes: c.additional_attributes,
    meta: meta(state, c),
    messages: conversationMessages(state, c).map((m) => message(state, m)),
    priority: c.priority,
    snoozed_until: c.snoozed_until,
    can_reply: true,
    unread_count: 0,
    agent_last_seen_at: 0,
    contact_last_seen_at: 0,
    last_activity_at: c.last_activity_at,
    timestamp: c.last_activity_at,
    created_at: c.created_at,
    updated_at: c.updated_at,
    waiting_since: c.waiting_since,
  }
}

const MESSAGE_TYPE_NAMES = ['incoming', 'outgoing', 'activity', 'template'] as const

/** Webhook conversation object (conversation.webhook_data). */
export function webhookConversation(state: FakeState, c: ConversationRec) {
  const acc = state.accounts.get(c.account_id)
  const ci = state.contactInboxes.get(c.contact_inbox_id)
  const last = conversationMessages(state, c)
    .filter((m) => m.message_type !== 2)
    .at(-1)
  return {
    additional_attributes: c.additional_attributes,
    can_reply: true,
    channel: state.inboxes.get(c.inbox_id)?.channel_type ?? 'Channel::WebWidget',
    contact_inbox: ci
      ? {
          id: ci.id,
          contact_id: ci.contact_id,
          inbox_id: ci.inbox_id,
          source_id: ci.source_id,
          hmac_verified: ci.hmac_verified,
        }
      : null,
    id: c.display_id,
    inbox_id: c.inbox_id,
    messages: last ? [message(state, last)] : [],
    labels: c.labels,
    meta: meta(state, c),
    status: c.status,
    custom_attributes: c.custom_attributes,
    snoozed_until: c.snoozed_until,
    unread_count: 0,
    first_reply_created_at: null,
    priority: c.priority,
    waiting_since: c.waiting_since,
    agent_last_seen_at: 0,
    contact_last_seen_at: 0,
    last_activity_at: c.last_activity_at,
    timestamp: c.last_activity_at,
    created_at: c.created_at,
    updated_at: c.updated_at + 0.123,
    account: acc ? { id: acc.id, name: acc.name } : null,
  }
}

/** Webhook message payload: message_type is a STRING, created_at ISO-8601. */
export function webhookMessage(state: FakeState, m: MessageRec, event: string) {
  const c = state.conversations.get(m.conversation_id)
  const acc = state.accounts.get(m.account_id)
  const i = state.inboxes.get(m.inbox_id)
  const s = sender(state, m)
  // A contact sender carries no `type` key in webhooks.
  if (s && s.type === 'contact') delete s.type
  return {
    event,
    id: m.id,
    content: m.content,
    content_type: m.content_type,
    content_attributes: m.content_attributes,
    message_type: MESSAGE_TYPE_NAMES[m.message_type],
    private: m.private,
    source_id: m.source_id,
    created_at: new Date(m.created_at * 1000).toISOString(),
    additional_attributes: {},
    ...attachments(state, m),
    sender: s,
    inbox: i ? { id: i.id, name: i.name } : null,
    account: acc ? { id: acc.id, name: acc.name } : null,
    conversation: c ? webhookConversation(state, c) : null,
  }
}

export function webhookContact(state: FakeState, c: ContactRec, event: string) {
  const acc = state.accounts.get(c.account_id)
  return {
    event,
    id: c.id,
    name: c.name,
    email: c.email,
    phone_number: c.phone_number,
    identifier: c.identifier,
    avatar: c.avatar_url,
    thumbnail: c.avatar_url,
    blocked: c.blocked,
    custom_attributes: c.custom_attributes,
    additional_attributes: c.additional_attributes,
    account: acc ? { id: acc.id, name: acc.name } : null,
  }
}
