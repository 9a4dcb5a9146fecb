// The fake's REST handlers, keyed by the contract's operationId. Where Chatwoot's Rails code and its OpenAPI
// spec differ, the fake does what the Rails code does (the list is in src/contract.ts).
import type { WebhookDispatcher } from './deliver.ts'
import * as view from './serialize.ts'
import {
  type AccountRec,
  type ContactRec,
  type ConversationRec,
  type ConversationStatus,
  conversationByDisplayId,
  type FakeState,
  type InboxRec,
  iso,
  type Json,
  type MessageRec,
  nextId,
  token,
  type UploadedFile,
  type UserRec,
  unix,
  uuid,
} from './state.ts'

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`)
  }
}

export interface Ctx {
  method: string
  params: Record<string, string>
  query: Record<string, string>
  headers: Record<string, string | string[] | undefined>
  body: Json
  /** Files of a multipart request (`attachments[]`). */
  files?: UploadedFile[]
}

export interface Reply {
  status: number
  body?: unknown
}

const ok = (body?: unknown): Reply => ({ status: 200, body })
const unauthorized = (error: string) => new HttpError(401, { error })
const notFound = () => new HttpError(404, { error: 'Resource could not be found' })
const unprocessable = (message: string, attributes: string[] = []) =>
  new HttpError(422, { message, attributes })

/** The server version the fake stands in for (the vendored contract's). */
export const CHATWOOT_VERSION = '4.14.2'

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
]
const DISPLAY_TYPES = ['text', 'number', 'currency', 'percent', 'link', 'date', 'list', 'checkbox']
const MODELS = ['conversation_attribute', 'contact_attribute', 'company_attribute']
const STATUSES: ConversationStatus[] = ['open', 'resolved', 'pending', 'snoozed']

function tokenOf(ctx: Ctx): string | undefined {
  const raw = ctx.headers.api_access_token
  return Array.isArray(raw) ? raw[0] : raw
}

const int = (v: string | undefined) => Number(v)

export class FakeApi {
  constructor(
    private readonly state: FakeState,
    private readonly hooks: WebhookDispatcher,
    private readonly platformToken: string,
  ) {}

  handle(operationId: string, ctx: Ctx): Reply {
    const handler = (this.handlers as Record<string, ((ctx: Ctx) => Reply) | undefined>)[operationId]
    if (!handler) return { status: 501, body: { error: `The fake does not implement ${operationId}` } }
    try {
      return handler(ctx)
    } catch (e) {
      if (e instanceof HttpError) return { status: e.status, body: e.body }
      throw e
    }
  }

  // ---- auth -----------------------------------------------------------------------------------------

  private platform(ctx: Ctx) {
    if (tokenOf(ctx) !== this.platformToken) throw unauthorized('Invalid access_token')
  }

  private platformAccount(ctx: Ctx, param = 'account_id'): AccountRec {
    this.platform(ctx)
    const account = this.state.accounts.get(int(ctx.params[param]))
    if (!account) throw notFound()
    if (!account.permissible) throw unauthorized('Non permissible resource')
    return account
  }

  private platformUser(ctx: Ctx): UserRec {
    this.platform(ctx)
    const user = this.state.users.get(int(ctx.params.id))
    if (!user) throw notFound()
    if (!user.permissible) throw unauthorized('Non permissible resource')
    return user
  }

  /** A user token on /api/v1/accounts/{account_id}: member of an active account. */
  private member(ctx: Ctx, { admin = false } = {}) {
    const t = tokenOf(ctx)
    const user = t ? [...this.state.users.values()].find((u) => u.access_token === t) : undefined
    if (!user) throw unauthorized('Invalid Access Token')
    const account = this.state.accounts.get(int(ctx.params.account_id))
    if (!account) throw notFound()
    if (account.status === 'suspended') throw unauthorized('Account is suspended')
    const membership = this.state.accountUsers.find(
      (au) => au.account_id === account.id && au.user_id === user.id,
    )
    if (!membership) throw unauthorized('You are not authorized to access this account')
    const isAdmin = membership.role === 'administrator'
    if (admin && !isAdmin) throw unauthorized('You are not authorized to do this action')
    return { user, account, isAdmin }
  }

  private inboxOf(accountId: number, inboxId: number): InboxRec {
    const inbox = this.state.inboxes.get(inboxId)
    if (!inbox || inbox.account_id !== accountId) throw notFound()
    return inbox
  }

  private contactOf(accountId: number, contactId: number): ContactRec {
    const contact = this.state.contacts.get(contactId)
    if (!contact || contact.account_id !== accountId) throw notFound()
    return contact
  }

  private conversationOf(accountId: number, displayId: number): ConversationRec {
    const c = conversationByDisplayId(this.state, accountId, displayId)
    if (!c) throw notFound()
    return c
  }

  // ---- domain operations shared with the control API ----------------------------------------------

  /** Chatwoot's file_type from the content type, as its Attachment model decides it. */
  private attach(m: MessageRec, file: UploadedFile) {
    const major = file.type.split('/')[0]
    const id = nextId(this.state, 'attachment')
    this.state.attachments.set(id, {
      id,
      message_id: m.id,
      account_id: m.account_id,
      file_type: major === 'image' || major === 'audio' || major === 'video' ? major : 'file',
      extension: /\.([\w]+)$/.exec(file.name)?.[1] ?? null,
      content_type: file.type || 'application/octet-stream',
      name: file.name,
      bytes: file.bytes,
      key: token(16),
    })
  }

  createMessage(
    c: ConversationRec,
    input: {
      content: string | null
      message_type: 0 | 1 | 2 | 3
      private?: boolean
      sender?: { type: 'User' | 'Contact'; id: number }
      files?: UploadedFile[]
    } & Partial<MessageRec>,
  ): MessageRec {
    const now = unix()
    const m: MessageRec = {
      id: nextId(this.state, 'message'),
      account_id: c.account_id,
      inbox_id: c.inbox_id,
      conversation_id: c.id,
      content: input.content,
      message_type: input.message_type,
      content_type: input.content_type ?? 'text',
      content_attributes: input.content_attributes ?? {},
      private: input.private ?? false,
      source_id: input.source_id ?? null,
      echo_id: input.echo_id,
      status: 'sent',
      sender_type: input.sender?.type ?? null,
      sender_id: input.sender?.id ?? null,
      created_at: now,
    }
    this.state.messages.set(m.id, m)
    for (const file of input.files ?? []) this.attach(m, file)
    c.last_activity_at = now
    if (m.message_type === 0 && !m.private) c.waiting_since ??= now
    if (m.message_type === 1 && !m.private) c.waiting_since = null
    // Activity messages are not sent to webhooks.
    if (m.message_type !== 2)
      this.hooks.emit(c.account_id, view.webhookMessage(this.state, m, 'message_created'), c.inbox_id)
    return m
  }

  setStatus(c: ConversationRec, status: ConversationStatus, snoozedUntil: number | null = null) {
    const previous = c.status
    if (previous === status) return
    c.status = status
    c.snoozed_until = status === 'snoozed' ? snoozedUntil : null
    c.updated_at = unix()
    const changed = [{ status: { previous_value: previous, current_value: status } }]
    for (const event of ['conversation_status_changed', 'conversation_updated'])
      this.hooks.emit(
        c.account_id,
        { event, ...view.webhookConversation(this.state, c), changed_attributes: changed },
        c.inbox_id,
      )
  }

  typing(c: ConversationRec, user: UserRec, on: boolean, isPrivate = false) {
    this.hooks.emit(
      c.account_id,
      {
        event: on ? 'conversation_typing_on' : 'conversation_typing_off',
        user: { id: user.id, name: user.name, available_name: user.display_name ?? user.name, type: 'user' },
        conversation: view.webhookConversation(this.state, c),
        is_private: isPrivate,
      },
      c.inbox_id,
    )
  }

  private emitContact(c: ContactRec, event: string, changed?: Json[]) {
    this.hooks.emit(c.account_id, {
      ...view.webhookContact(this.state, c, event),
      ...(changed ? { changed_attributes: changed } : {}),
    })
  }

  private emitInbox(i: InboxRec, event: string, changed?: Json[]) {
    const acc = this.state.accounts.get(i.account_id)
    this.hooks.emit(i.account_id, {
      event,
      ...view.inbox(i, false),
      account: acc ? { id: acc.id, name: acc.name } : null,
      ...(changed ? { changed_attributes: changed } : {}),
    })
  }

  private deleteAccountData(accountId: number) {
    const s = this.state
    for (const table of [
      s.inboxes,
      s.webhooks,
      s.customAttributeDefinitions,
      s.contacts,
      s.conversations,
      s.messages,
      s.dashboardApps,
    ] as Map<number, { account_id: number }>[])
      for (const [id, rec] of table) if (rec.account_id === accountId) table.delete(id)
    for (const [id, ci] of s.contactInboxes) if (!s.contacts.has(ci.contact_id)) s.contactInboxes.delete(id)
    s.accountUsers = s.accountUsers.filter((au) => au.account_id !== accountId)
  }

  // ---- handlers -------------------------------------------------------------------------------------

  private readonly handlers = {
    // The one unauthenticated call: what a health check asks (Chatwoot's own services are always fine here).
    'x-installation-status': () =>
      ok({
        version: CHATWOOT_VERSION,
        timestamp: new Date().toISOString().replace('T', ' ').slice(0, 19),
        queue_services: 'ok',
        data_services: 'ok',
      }),
    // Platform: accounts
    'x-list-accounts': (ctx: Ctx) => {
      this.platform(ctx)
      return ok([...this.state.accounts.values()].filter((a) => a.permissible).map(view.account))
    },
    'create-an-account': (ctx: Ctx) => {
      this.platform(ctx)
      const b = ctx.body
      if (typeof b.name !== 'string' || b.name.trim() === '')
        throw unprocessable("Name can't be blank", ['name'])
      const account: AccountRec = {
        id: nextId(this.state, 'account'),
        name: b.name,
        locale: (b.locale as string) ?? 'en',
        domain: (b.domain as string) ?? null,
        support_email: (b.support_email as string) ?? null,
        status: (b.status as 'active' | 'suspended') ?? 'active',
        features: { ...((b.features as Record<string, boolean>) ?? {}) },
        custom_attributes: (b.custom_attributes as Json) ?? {},
        limits: (b.limits as Json) ?? {},
        permissible: true,
        nextDisplayId: 1,
        created_at: iso(),
      }
      this.state.accounts.set(account.id, account)
      return ok(view.account(account))
    },
    'get-details-of-an-account': (ctx: Ctx) => ok(view.account(this.platformAccount(ctx))),
    'update-an-account': (ctx: Ctx) => {
      const account = this.platformAccount(ctx)
      const b = ctx.body
      for (const key of [
        'name',
        'locale',
        'domain',
        'support_email',
        'status',
        'limits',
        'custom_attributes',
      ] as const)
        if (b[key] !== undefined) (account as unknown as Json)[key] = b[key]
      if (b.features) account.features = { ...account.features, ...(b.features as Record<string, boolean>) }
      return ok(view.account(account))
    },
    'delete-an-account': (ctx: Ctx) => {
      const account = this.platformAccount(ctx)
      this.state.accounts.delete(account.id)
      this.deleteAccountData(account.id)
      return ok()
    },
    // Platform: account users
    'list-all-account-users': (ctx: Ctx) => {
      const account = this.platformAccount(ctx)
      return ok(this.state.accountUsers.filter((au) => au.account_id === account.id).map(view.accountUser))
    },
    'create-an-account-user': (ctx: Ctx) => {
      const account = this.platformAccount(ctx)
      const userId = Number(ctx.body.user_id)
      const role = ctx.body.role
      if (!this.state.users.has(userId)) throw unprocessable('User must exist', ['user'])
      if (role !== 'agent' && role !== 'administrator')
        throw unprocessable(`'${String(role)}' is not a valid role`)
      let row = this.state.accountUsers.find((au) => au.account_id === account.id && au.user_id === userId)
      if (!row) {
        row = {
          id: nextId(this.state, 'account_user'),
          account_id: account.id,
          user_id: userId,
          role,
          availability: 'online',
          auto_offline: true,
          active_at: null,
          inviter_id: null,
          custom_role_id: null,
          agent_capacity_policy_id: null,
          created_at: iso(),
          updated_at: iso(),
        }
        this.state.accountUsers.push(row)
      } else {
        row.role = role
        row.updated_at = iso()
      }
      return ok(view.accountUser(row))
    },
    'delete-an-account-user': (ctx: Ctx) => {
      const account = this.platformAccount(ctx)
      const userId = Number(ctx.body.user_id)
      this.state.accountUsers = this.state.accountUsers.filter(
        (au) => !(au.account_id === account.id && au.user_id === userId),
      )
      return ok()
    },
    // Platform: users
    'create-a-user': (ctx: Ctx) => {
      this.platform(ctx)
      const b = ctx.body
      const email = String(b.email ?? '').toLowerCase()
      const existing = [...this.state.users.values()].find((u) => u.email === email)
      if (existing) {
        // The real server returns the known user and makes it permissible for this app.
        existing.permissible = true
        return ok(view.user(this.state, existing))
      }
      if (!email.includes('@')) throw unprocessable('Email is invalid', ['email'])
      if (typeof b.name !== 'string' || b.name === '') throw unprocessable("Name can't be blank", ['name'])
      const password = String(b.password ?? '')
      if (!validPassword(password))
        throw unprocessable(
          'Password must contain atleast 1 uppercase, 1 lowercase, 1 number and 1 special character',
          ['password'],
        )
      const user: UserRec = {
        id: nextId(this.state, 'user'),
        name: b.name,
        display_name: (b.display_name as string) ?? null,
        email,
        password,
        access_token: token(18),
        pubsub_token: token(18),
        uid: email,
        custom_attributes: (b.custom_attributes as Json) ?? {},
        permissible: true,
      }
      this.state.users.set(user.id, user)
      return ok(view.user(this.state, user))
    },
    'get-details-of-a-user': (ctx: Ctx) => ok(view.user(this.state, this.platformUser(ctx))),
    'update-a-user': (ctx: Ctx) => {
      const user = this.platformUser(ctx)
      const b = ctx.body
      if (typeof b.name === 'string') user.name = b.name
      if (typeof b.display_name === 'string') user.display_name = b.display_name
      if (typeof b.email === 'string') user.email = b.email.toLowerCase()
      if (typeof b.password === 'string') {
        if (!validPassword(b.password)) throw unprocessable('Password is invalid', ['password'])
        user.password = b.password
      }
      if (b.custom_attributes)
        user.custom_attributes = { ...user.custom_attributes, ...(b.custom_attributes as Json) }
      return ok(view.user(this.state, user))
    },
    'delete-a-user': (ctx: Ctx) => {
      const user = this.platformUser(ctx)
      this.state.users.delete(user.id)
      this.state.accountUsers = this.state.accountUsers.filter((au) => au.user_id !== user.id)
      return ok()
    },
    'get-sso-url-of-a-user': (ctx: Ctx) => {
      const user = this.platformUser(ctx)
      return ok({ url: `/app/login?email=${encodeURIComponent(user.email)}&sso_auth_token=${token(16)}` })
    },
    'x-create-user-token': (ctx: Ctx) => {
      const user = this.platformUser(ctx)
      const { id, name, display_name, email, pubsub_token } = user
      return ok({
        access_token: user.access_token,
        expiry: null,
        user: { id, name, display_name, email, pubsub_token },
      })
    },

    // Application: inboxes
    listAllInboxes: (ctx: Ctx) => {
      const { account, isAdmin } = this.member(ctx)
      const inboxes = [...this.state.inboxes.values()].filter((i) => i.account_id === account.id)
      return ok({ payload: inboxes.map((i) => view.inbox(i, isAdmin)) })
    },
    inboxCreation: (ctx: Ctx) => {
      const { account } = this.member(ctx, { admin: true })
      const b = ctx.body
      const channel = (b.channel ?? {}) as Json
      if (channel.type !== 'web_widget' && channel.type !== 'api')
        throw unprocessable(
          `The fake implements web_widget and api inboxes only (got ${String(channel.type)})`,
        )
      const isApi = channel.type === 'api'
      const inbox: InboxRec = {
        id: nextId(this.state, 'inbox'),
        account_id: account.id,
        name: String(b.name ?? ''),
        channel_id: nextId(this.state, isApi ? 'channel_api' : 'channel_web_widget'),
        channel_type: isApi ? 'Channel::Api' : 'Channel::WebWidget',
        webhook_url: isApi ? ((channel.webhook_url as string) ?? null) : null,
        inbox_identifier: isApi ? token(18) : null,
        secret: isApi ? token(24) : null,
        greeting_enabled: Boolean(b.greeting_enabled),
        greeting_message: (b.greeting_message as string) ?? null,
        enable_auto_assignment: (b.enable_auto_assignment as boolean) ?? true,
        working_hours_enabled: Boolean(b.working_hours_enabled),
        out_of_office_message: (b.out_of_office_message as string) ?? null,
        timezone: (b.timezone as string) ?? 'UTC',
        lock_to_single_conversation: Boolean(b.lock_to_single_conversation),
        website_url: String(channel.website_url ?? ''),
        widget_color: (channel.widget_color as string) ?? '#1f93ff',
        welcome_title: (channel.welcome_title as string) ?? '',
        welcome_tagline: (channel.welcome_tagline as string) ?? '',
        reply_time: (channel.reply_time as string) ?? 'in_a_few_minutes',
        website_token: token(18),
        hmac_token: token(18),
        hmac_mandatory: Boolean(channel.hmac_mandatory),
        pre_chat_form_enabled: Boolean(channel.pre_chat_form_enabled),
        pre_chat_form_options: (channel.pre_chat_form_options as Json) ?? {},
        continuity_via_email: (channel.continuity_via_email as boolean) ?? true,
        allowed_domains: (channel.allowed_domains as string) ?? '',
        selected_feature_flags: (channel.selected_feature_flags as string[]) ?? [
          'attachments',
          'emoji_picker',
          'end_conversation',
        ],
      }
      if (inbox.name.trim() === '') throw unprocessable("Name can't be blank", ['name'])
      this.state.inboxes.set(inbox.id, inbox)
      this.emitInbox(inbox, 'inbox_created')
      return ok(view.inbox(inbox, true))
    },
    GetInbox: (ctx: Ctx) => {
      const { account, isAdmin } = this.member(ctx)
      return ok(view.inbox(this.inboxOf(account.id, int(ctx.params.id)), isAdmin))
    },
    updateInbox: (ctx: Ctx) => {
      const { account } = this.member(ctx, { admin: true })
      const inbox = this.inboxOf(account.id, int(ctx.params.id))
      const before = { ...inbox } as unknown as Json
      const b = ctx.body
      const rec = inbox as unknown as Json
      for (const key of [
        'name',
        'greeting_enabled',
        'greeting_message',
        'enable_auto_assignment',
        'working_hours_enabled',
        'out_of_office_message',
        'timezone',
        'lock_to_single_conversation',
      ])
        if (b[key] !== undefined) rec[key] = b[key]
      const channel = (b.channel ?? {}) as Json
      for (const key of [
        'website_url',
        'widget_color',
        'welcome_title',
        'welcome_tagline',
        'reply_time',
        'hmac_mandatory',
        'pre_chat_form_enabled',
        'pre_chat_form_options',
        'continuity_via_email',
        'allowed_domains',
        'selected_feature_flags',
      ])
        if (channel[key] !== undefined) rec[key] = channel[key]
      const changed = Object.keys(rec)
        .filter((k) => JSON.stringify(rec[k]) !== JSON.stringify(before[k]))
        .map((k) => ({ [k]: { previous_value: before[k], current_value: rec[k] } }))
      if (changed.length > 0) this.emitInbox(inbox, 'inbox_updated', changed)
      return ok(view.inbox(inbox, true))
    },

    // Application: webhooks
    'list-all-webhooks': (ctx: Ctx) => {
      const { account } = this.member(ctx, { admin: true })
      const hooks = [...this.state.webhooks.values()].filter((w) => w.account_id === account.id)
      return ok({ payload: { webhooks: hooks.map((w) => view.webhook(this.state, w, true)) } })
    },
    'create-a-webhook': (ctx: Ctx) => {
      const { account } = this.member(ctx, { admin: true })
      const b = ctx.body
      this.checkWebhook(account.id, b)
      const hook = {
        id: nextId(this.state, 'webhook'),
        account_id: account.id,
        name: (b.name as string) ?? null,
        url: String(b.url),
        subscriptions: b.subscriptions as string[],
        secret: token(24),
        inbox_id: (b.inbox_id as number) ?? null,
      }
      this.state.webhooks.set(hook.id, hook)
      return ok({ payload: { webhook: view.webhook(this.state, hook, true) } })
    },
    'update-a-webhook': (ctx: Ctx) => {
      const { account } = this.member(ctx, { admin: true })
      const hook = this.state.webhooks.get(int(ctx.params.webhook_id))
      if (!hook || hook.account_id !== account.id) throw notFound()
      const merged = { url: hook.url, subscriptions: hook.subscriptions, ...ctx.body }
      this.checkWebhook(account.id, merged, hook.id)
      hook.url = String(merged.url)
      hook.subscriptions = merged.subscriptions as string[]
      if (ctx.body.name !== undefined) hook.name = ctx.body.name as string
      return ok({ payload: { webhook: view.webhook(this.state, hook, true) } })
    },
    'delete-a-webhook': (ctx: Ctx) => {
      const { account } = this.member(ctx, { admin: true })
      const hook = this.state.webhooks.get(int(ctx.params.webhook_id))
      if (!hook || hook.account_id !== account.id) throw notFound()
      this.state.webhooks.delete(hook.id)
      return ok()
    },

    // Application: custom attribute definitions
    'get-account-custom-attribute': (ctx: Ctx) => {
      const { account } = this.member(ctx, { admin: true })
      const model = ctx.query.attribute_model
      const wanted = model === undefined ? undefined : (MODELS[Number(model)] ?? model)
      return ok(
        [...this.state.customAttributeDefinitions.values()]
          .filter(
            (d) => d.account_id === account.id && (wanted === undefined || d.attribute_model === wanted),
          )
          .map(view.customAttributeDefinition),
      )
    },
    'add-new-custom-attribute-to-account': (ctx: Ctx) => {
      const { account } = this.member(ctx, { admin: true })
      const b = ctx.body
      const displayType =
        typeof b.attribute_display_type === 'number'
          ? DISPLAY_TYPES[b.attribute_display_type]
          : b.attribute_display_type
      const model = typeof b.attribute_model === 'number' ? MODELS[b.attribute_model] : b.attribute_model
      const key = String(b.attribute_key ?? '')
      if (!key) throw unprocessable("Attribute key can't be blank", ['attribute_key'])
      const taken = [...this.state.customAttributeDefinitions.values()].some(
        (d) => d.account_id === account.id && d.attribute_key === key && d.attribute_model === model,
      )
      if (taken) throw unprocessable('Attribute key has already been taken', ['attribute_key'])
      const def = {
        id: nextId(this.state, 'custom_attribute_definition'),
        account_id: account.id,
        attribute_display_name: String(b.attribute_display_name ?? key),
        attribute_key: key,
        attribute_display_type: String(displayType ?? 'text'),
        attribute_model: String(model ?? 'conversation_attribute'),
        attribute_description: (b.attribute_description as string) ?? null,
        attribute_values: (b.attribute_values as string[]) ?? [],
        regex_pattern: (b.regex_pattern as string) ?? null,
        regex_cue: (b.regex_cue as string) ?? null,
        default_value: null,
        created_at: iso(),
        updated_at: iso(),
      }
      this.state.customAttributeDefinitions.set(def.id, def)
      return ok(view.customAttributeDefinition(def))
    },

    // Application: contacts
    contactCreate: (ctx: Ctx) => {
      const { account } = this.member(ctx)
      const b = ctx.body
      const email = typeof b.email === 'string' && b.email !== '' ? b.email.toLowerCase() : null
      const identifier = typeof b.identifier === 'string' && b.identifier !== '' ? b.identifier : null
      this.checkContactUnique(account.id, email, identifier)
      const inbox = b.inbox_id !== undefined ? this.inboxOf(account.id, Number(b.inbox_id)) : undefined
      const contact: ContactRec = {
        id: nextId(this.state, 'contact'),
        account_id: account.id,
        name: (b.name as string) ?? '',
        email,
        phone_number: (b.phone_number as string) || null,
        identifier,
        blocked: Boolean(b.blocked),
        avatar_url: '',
        custom_attributes: (b.custom_attributes as Json) ?? {},
        additional_attributes: (b.additional_attributes as Json) ?? {},
        created_at: unix(),
        last_activity_at: null,
      }
      this.state.contacts.set(contact.id, contact)
      const ci = inbox ? this.contactInbox(contact, inbox, b.source_id as string | undefined) : undefined
      this.emitContact(contact, 'contact_created')
      return ok({
        payload: {
          contact: view.contact(this.state, contact),
          contact_inbox: ci ? view.contactInbox(this.state, ci) : {},
        },
      })
    },
    contactDetails: (ctx: Ctx) => {
      const { account } = this.member(ctx)
      return ok({ payload: view.contact(this.state, this.contactOf(account.id, int(ctx.params.id))) })
    },
    contactUpdate: (ctx: Ctx) => {
      const { account } = this.member(ctx)
      const contact = this.contactOf(account.id, int(ctx.params.id))
      const before = structuredClone(contact) as unknown as Json
      const b = ctx.body
      const email = typeof b.email === 'string' ? b.email.toLowerCase() || null : contact.email
      const identifier = typeof b.identifier === 'string' ? b.identifier || null : contact.identifier
      this.checkContactUnique(account.id, email, identifier, contact.id)
      contact.email = email
      contact.identifier = identifier
      if (typeof b.name === 'string') contact.name = b.name
      if (typeof b.phone_number === 'string') contact.phone_number = b.phone_number || null
      if (typeof b.blocked === 'boolean') contact.blocked = b.blocked
      // Chatwoot merges a contact's custom attributes on update; it does not replace them.
      if (b.custom_attributes)
        contact.custom_attributes = { ...contact.custom_attributes, ...(b.custom_attributes as Json) }
      if (b.additional_attributes)
        contact.additional_attributes = {
          ...contact.additional_attributes,
          ...(b.additional_attributes as Json),
        }
      const rec = contact as unknown as Json
      const changed = [
        'name',
        'email',
        'phone_number',
        'identifier',
        'blocked',
        'custom_attributes',
        'additional_attributes',
      ]
        .filter((k) => JSON.stringify(rec[k]) !== JSON.stringify(before[k]))
        .map((k) => ({ [k]: { previous_value: before[k], current_value: rec[k] } }))
      if (changed.length > 0) this.emitContact(contact, 'contact_updated', changed)
      return ok({ payload: view.contact(this.state, contact) })
    },
    contactDelete: (ctx: Ctx) => {
      const { account } = this.member(ctx)
      const contact = this.contactOf(account.id, int(ctx.params.id))
      this.state.contacts.delete(contact.id)
      for (const [id, ci] of this.state.contactInboxes)
        if (ci.contact_id === contact.id) this.state.contactInboxes.delete(id)
      for (const [id, c] of this.state.conversations)
        if (c.contact_id === contact.id) {
          this.state.conversations.delete(id)
          for (const [mid, m] of this.state.messages)
            if (m.conversation_id === id) this.state.messages.delete(mid)
        }
      return ok()
    },
    contactSearch: (ctx: Ctx) => {
      const { account } = this.member(ctx)
      const q = ctx.query.q
      if (!q) throw new HttpError(422, { error: 'param is missing or the value is empty: q' })
      const page = Math.max(1, Number(ctx.query.page ?? 1) || 1)
      const lower = q.toLowerCase()
      const matches = [...this.state.contacts.values()].filter(
        (c) =>
          c.account_id === account.id &&
          // Search covers "resolved" contacts: those with an email, phone number or identifier.
          (c.email || c.phone_number || c.identifier) &&
          (c.name.toLowerCase().includes(lower) ||
            (c.email ?? '').toLowerCase().includes(lower) ||
            (c.phone_number ?? '').toLowerCase().includes(lower) ||
            (c.identifier ?? '').includes(q)),
      )
      const slice = matches.slice((page - 1) * 15, page * 15)
      const withInboxes = ctx.query.include_contact_inboxes !== 'false'
      return ok({
        meta: { count: matches.length, current_page: String(page), has_more: page * 15 < matches.length },
        payload: slice.map((c) => view.contact(this.state, c, withInboxes)),
      })
    },
    contactConversations: (ctx: Ctx) => {
      const { account } = this.member(ctx)
      const contact = this.contactOf(account.id, int(ctx.params.id))
      const list = [...this.state.conversations.values()].filter((c) => c.contact_id === contact.id)
      return ok({ payload: list.map((c) => view.conversation(this.state, c)) })
    },
    contactInboxCreation: (ctx: Ctx) => {
      const { account } = this.member(ctx)
      const contact = this.contactOf(account.id, int(ctx.params.id))
      const inbox = this.inboxOf(account.id, Number(ctx.body.inbox_id))
      const ci = this.contactInbox(contact, inbox, ctx.body.source_id as string | undefined)
      if (ctx.body.hmac_verified === true) ci.hmac_verified = true
      return ok(view.contactInbox(this.state, ci))
    },

    // Application: conversations
    newConversation: (ctx: Ctx) => {
      const { account, user } = this.member(ctx)
      const b = ctx.body
      let ci: ReturnType<FakeApi['contactInbox']> | undefined
      if (b.inbox_id !== undefined && b.contact_id !== undefined) {
        const inbox = this.inboxOf(account.id, Number(b.inbox_id))
        const contact = this.contactOf(account.id, Number(b.contact_id))
        ci = this.contactInbox(contact, inbox, b.source_id as string | undefined)
      } else {
        ci = [...this.state.contactInboxes.values()].find(
          (x) => x.source_id === b.source_id && this.state.inboxes.get(x.inbox_id)?.account_id === account.id,
        )
        if (!ci) throw unprocessable('Contact inbox not found for the given source_id')
      }
      const inbox = this.inboxOf(account.id, ci.inbox_id)
      if (inbox.lock_to_single_conversation) {
        const last = [...this.state.conversations.values()]
          .filter((c) => c.contact_inbox_id === ci?.id)
          .at(-1)
        if (last) return ok(view.conversation(this.state, last))
      }
      const now = unix()
      const status = (b.status as ConversationStatus) ?? 'open'
      const c: ConversationRec = {
        id: nextId(this.state, 'conversation'),
        display_id: account.nextDisplayId++,
        uuid: uuid(),
        account_id: account.id,
        inbox_id: inbox.id,
        contact_id: ci.contact_id,
        contact_inbox_id: ci.id,
        status: STATUSES.includes(status) ? status : 'open',
        assignee_id: (b.assignee_id as number) ?? null,
        priority: null,
        snoozed_until: null,
        labels: [],
        custom_attributes: (b.custom_attributes as Json) ?? {},
        additional_attributes: (b.additional_attributes as Json) ?? {},
        created_at: now,
        updated_at: now,
        last_activity_at: now,
        waiting_since: now,
      }
      this.state.conversations.set(c.id, c)
      this.hooks.emit(
        account.id,
        { event: 'conversation_created', ...view.webhookConversation(this.state, c) },
        c.inbox_id,
      )
      const message = b.message as Json | undefined
      if (message && typeof message.content === 'string')
        this.createMessage(c, {
          content: message.content,
          message_type: 1,
          sender: { type: 'User', id: user.id },
        })
      return ok(view.conversation(this.state, c))
    },
    'get-details-of-a-conversation': (ctx: Ctx) => {
      const { account } = this.member(ctx)
      return ok(
        view.conversation(this.state, this.conversationOf(account.id, int(ctx.params.conversation_id))),
      )
    },
    'toggle-status-of-a-conversation': (ctx: Ctx) => {
      const { account, user, isAdmin } = this.member(ctx)
      const c = this.conversationOf(account.id, int(ctx.params.conversation_id))
      const requested = ctx.body.status as ConversationStatus | undefined
      const status: ConversationStatus = requested ?? (c.status === 'open' ? 'resolved' : 'open')
      if (!STATUSES.includes(status)) throw unprocessable(`'${status}' is not a valid status`)
      this.setStatus(c, status, (ctx.body.snoozed_until as number) ?? null)
      // An agent (not an administrator) opening a conversation gets it assigned.
      if (status === 'open' && !isAdmin && c.assignee_id === null) c.assignee_id = user.id
      return ok({
        meta: {},
        payload: {
          success: true,
          conversation_id: c.display_id,
          current_status: c.status,
          snoozed_until: c.snoozed_until,
        },
      })
    },
    'toggle-typing-status-of-a-conversation': (ctx: Ctx) => {
      const { account, user } = this.member(ctx)
      const c = this.conversationOf(account.id, int(ctx.params.conversation_id))
      this.typing(c, user, ctx.body.typing_status === 'on', Boolean(ctx.body.is_private))
      return ok()
    },
    'update-custom-attributes-of-a-conversation': (ctx: Ctx) => {
      const { account } = this.member(ctx)
      const c = this.conversationOf(account.id, int(ctx.params.conversation_id))
      const previous = c.custom_attributes
      // A conversation's custom attributes are replaced, unlike a contact's.
      c.custom_attributes = (ctx.body.custom_attributes as Json) ?? {}
      if (JSON.stringify(previous) !== JSON.stringify(c.custom_attributes)) {
        c.updated_at = unix()
        this.hooks.emit(
          account.id,
          {
            event: 'conversation_updated',
            ...view.webhookConversation(this.state, c),
            changed_attributes: [
              { custom_attributes: { previous_value: previous, current_value: c.custom_attributes } },
            ],
          },
          c.inbox_id,
        )
      }
      return ok({ custom_attributes: c.custom_attributes })
    },

    // Application: messages
    'list-all-messages': (ctx: Ctx) => {
      const { account } = this.member(ctx)
      const c = this.conversationOf(account.id, int(ctx.params.conversation_id))
      let list = [...this.state.messages.values()].filter((m) => m.conversation_id === c.id)
      if (ctx.query.after) list = list.filter((m) => m.id > Number(ctx.query.after)).slice(0, 100)
      else if (ctx.query.before) list = list.filter((m) => m.id < Number(ctx.query.before)).slice(-20)
      else list = list.slice(-20)
      const contact = this.state.contacts.get(c.contact_id)
      return ok({
        meta: {
          labels: c.labels,
          additional_attributes: c.additional_attributes,
          contact: contact ? view.contact(this.state, contact, false) : null,
          assignee: null,
          agent_last_seen_at: 0,
          assignee_last_seen_at: 0,
        },
        payload: list.map((m) => view.message(this.state, m)),
      })
    },
    'create-a-new-message-in-a-conversation': (ctx: Ctx) => {
      const { account, user } = this.member(ctx)
      const c = this.conversationOf(account.id, int(ctx.params.conversation_id))
      const b = ctx.body
      const type = (b.message_type as string) ?? 'outgoing'
      const incoming = type === 'incoming'
      if (incoming && this.state.inboxes.get(c.inbox_id)?.channel_type !== 'Channel::Api')
        throw unprocessable('Incoming messages are only allowed in Api inboxes')
      const m = this.createMessage(c, {
        content: (b.content as string) ?? null,
        message_type: incoming ? 0 : 1,
        private: Boolean(b.private),
        content_type: b.content_type as string | undefined,
        content_attributes: b.content_attributes as Json | undefined,
        source_id: (b.source_id as string) ?? null,
        echo_id: b.echo_id as string | undefined,
        files: ctx.files,
        // An incoming message is the contact's.
        sender: incoming ? { type: 'Contact', id: c.contact_id } : { type: 'User', id: user.id },
      })
      // A contact writing into a resolved conversation reopens it.
      if (incoming && c.status === 'resolved') this.setStatus(c, 'open')
      return ok(view.message(this.state, m))
    },

    // Application: dashboard apps (not in the spec)
    'x-list-dashboard-apps': (ctx: Ctx) => {
      const { account } = this.member(ctx)
      return ok(
        [...this.state.dashboardApps.values()].filter((d) => d.account_id === account.id).map(dashboardApp),
      )
    },
    'x-create-dashboard-app': (ctx: Ctx) => {
      const { account, user } = this.member(ctx)
      const content = ctx.body.content as { type: 'frame'; url: string }[]
      if (!content.every((c) => /^https?:\/\//.test(c.url)))
        throw unprocessable('Content is invalid', ['content'])
      const app = {
        id: nextId(this.state, 'dashboard_app'),
        account_id: account.id,
        title: String(ctx.body.title),
        content,
        user_id: user.id,
        created_at: iso(),
      }
      this.state.dashboardApps.set(app.id, app)
      return ok(dashboardApp(app))
    },
  }

  // ---- helpers --------------------------------------------------------------------------------------

  private checkWebhook(accountId: number, b: Json, selfId?: number) {
    let url: URL | undefined
    try {
      url = new URL(String(b.url))
    } catch {}
    if (!url || !['http:', 'https:'].includes(url.protocol)) throw unprocessable('Url is invalid', ['url'])
    const clash = [...this.state.webhooks.values()].some(
      (w) => w.account_id === accountId && w.url === String(b.url) && w.id !== selfId,
    )
    if (clash) throw unprocessable('Url has already been taken', ['url'])
    const subs = b.subscriptions
    if (!Array.isArray(subs) || subs.length === 0 || !subs.every((s) => WEBHOOK_EVENTS.includes(s)))
      throw unprocessable('Subscriptions Invalid events', ['subscriptions'])
  }

  private checkContactUnique(
    accountId: number,
    email: string | null,
    identifier: string | null,
    selfId?: number,
  ) {
    for (const c of this.state.contacts.values()) {
      if (c.account_id !== accountId || c.id === selfId) continue
      if (email && c.email === email) throw unprocessable('Email has already been taken', ['email'])
      if (identifier && c.identifier === identifier)
        throw unprocessable('Identifier has already been taken', ['identifier'])
    }
  }

  /** find_or_create, idempotent for the same contact, inbox and source_id. */
  contactInbox(contact: ContactRec, inbox: InboxRec, sourceId?: string) {
    const existing = [...this.state.contactInboxes.values()].find(
      (ci) =>
        ci.contact_id === contact.id &&
        ci.inbox_id === inbox.id &&
        (sourceId === undefined || ci.source_id === sourceId),
    )
    if (existing) return existing
    const ci = {
      id: nextId(this.state, 'contact_inbox'),
      contact_id: contact.id,
      inbox_id: inbox.id,
      source_id: sourceId ?? uuid(),
      hmac_verified: false,
    }
    this.state.contactInboxes.set(ci.id, ci)
    return ci
  }
}

function dashboardApp(d: { id: number; title: string; content: unknown; created_at: string }) {
  return { id: d.id, title: d.title, content: d.content, created_at: d.created_at }
}

function validPassword(p: string) {
  return (
    p.length >= 6 &&
    p.length <= 128 &&
    /[A-Z]/.test(p) &&
    /[a-z]/.test(p) &&
    /\d/.test(p) &&
    /[^A-Za-z0-9]/.test(p)
  )
}
