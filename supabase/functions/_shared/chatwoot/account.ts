// Application API (/api/v1/accounts/{account_id}), authenticated with a user's access token (the
// api_access_token header), acting with that user's role in the account.
import { id } from './platform.ts'
import { type Query, type RequestOptions, Transport, type TransportOptions } from './transport.ts'
import type {
  ApiChannelInput,
  AttributeDisplayType,
  AttributeModel,
  Contact,
  ContactInbox,
  ContactInput,
  ContactSearchResult,
  Conversation,
  ConversationInput,
  ConversationStatus,
  CustomAttributeDefinition,
  CustomAttributeDefinitionInput,
  DashboardApp,
  DashboardAppInput,
  Inbox,
  InboxInput,
  Json,
  Message,
  MessageFile,
  MessageInput,
  MessageList,
  ToggleStatusResult,
  Webhook,
  WebhookInput,
  WebWidgetChannelInput,
} from './types.ts'

export interface AccountClientOptions extends TransportOptions {
  accountId: number
  /** A user's access_token (administrator for inboxes, webhooks and attribute definitions). */
  userToken: string
}

const DISPLAY_TYPES: AttributeDisplayType[] = [
  'text',
  'number',
  'currency',
  'percent',
  'link',
  'date',
  'list',
  'checkbox',
]
const MODELS: AttributeModel[] = ['conversation_attribute', 'contact_attribute']

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export class AccountClient {
  readonly transport: Transport
  readonly accountId: number
  private readonly token: string

  constructor(
    options: AccountClientOptions | { transport: Transport; accountId: number; userToken: string },
  ) {
    this.transport = 'transport' in options ? options.transport : new Transport(options)
    this.accountId = id(options.accountId)
    this.token = options.userToken
  }

  private call<T>(method: Method, path: string, body?: unknown, opts?: RequestOptions & { query?: Query }) {
    return this.transport.request<T>({
      method,
      path: `/api/v1/accounts/${this.accountId}${path}`,
      token: this.token,
      body,
      ...opts,
    })
  }

  readonly inboxes = {
    createWebWidget: (
      input: Omit<InboxInput, 'channel'> & { name: string; channel: Omit<WebWidgetChannelInput, 'type'> },
      opts?: RequestOptions,
    ) =>
      this.call<Inbox>(
        'POST',
        '/inboxes',
        { ...input, channel: { type: 'web_widget', ...input.channel } },
        opts,
      ),
    /** An API-channel inbox: unlike a website inbox it accepts `incoming` messages through this API. */
    createApi: (
      input: Omit<InboxInput, 'channel'> & { name: string; channel?: Omit<ApiChannelInput, 'type'> },
      opts?: RequestOptions,
    ) => this.call<Inbox>('POST', '/inboxes', { ...input, channel: { type: 'api', ...input.channel } }, opts),
    get: (inboxId: number, opts?: RequestOptions) =>
      this.call<Inbox>('GET', `/inboxes/${id(inboxId)}`, undefined, opts),
    list: (opts?: RequestOptions) =>
      this.call<{ payload: Inbox[] }>('GET', '/inboxes', undefined, opts).then((r) => r.payload),
    update: (inboxId: number, input: InboxInput, opts?: RequestOptions) =>
      this.call<Inbox>('PATCH', `/inboxes/${id(inboxId)}`, input, opts),
  }

  readonly webhooks = {
    list: (opts?: RequestOptions) =>
      this.call<{ payload: { webhooks: Webhook[] } }>('GET', '/webhooks', undefined, opts).then(
        (r) => r.payload.webhooks,
      ),
    /** The server wraps the answer as {payload:{webhook}} (the spec says bare); this unwraps it. */
    create: (
      input: WebhookInput & { url: string; subscriptions: WebhookInput['subscriptions'] },
      opts?: RequestOptions,
    ) =>
      this.call<{ payload: { webhook: Webhook } }>('POST', '/webhooks', input, opts).then(
        (r) => r.payload.webhook,
      ),
    update: (webhookId: number, input: WebhookInput, opts?: RequestOptions) =>
      this.call<{ payload: { webhook: Webhook } }>('PATCH', `/webhooks/${id(webhookId)}`, input, opts).then(
        (r) => r.payload.webhook,
      ),
    delete: (webhookId: number, opts?: RequestOptions) =>
      this.call<void>('DELETE', `/webhooks/${id(webhookId)}`, undefined, opts),
  }

  readonly customAttributeDefinitions = {
    list: (model: AttributeModel, opts?: RequestOptions) =>
      this.call<CustomAttributeDefinition[]>('GET', '/custom_attribute_definitions', undefined, {
        ...opts,
        // The spec requires the numeric form ("0"/"1").
        query: { attribute_model: MODELS.indexOf(model) },
      }),
    /** Sent with the spec's integer enums; the server answers with the names. */
    create: (input: CustomAttributeDefinitionInput, opts?: RequestOptions) =>
      this.call<CustomAttributeDefinition>(
        'POST',
        '/custom_attribute_definitions',
        {
          ...input,
          attribute_display_type: DISPLAY_TYPES.indexOf(input.attribute_display_type),
          attribute_model: MODELS.indexOf(input.attribute_model),
        },
        opts,
      ),
  }

  readonly contacts = {
    /** With inbox_id a contact_inbox is created too (the spec calls inbox_id required; the server does not). */
    create: (input: ContactInput & { inbox_id?: number; source_id?: string }, opts?: RequestOptions) =>
      this.call<{ payload: { contact: Contact; contact_inbox?: ContactInbox } }>(
        'POST',
        '/contacts',
        input,
        opts,
      ).then((r) => r.payload),
    get: (contactId: number, opts?: RequestOptions) =>
      this.call<{ payload: Contact }>('GET', `/contacts/${id(contactId)}`, undefined, opts).then(
        (r) => r.payload,
      ),
    /** custom_attributes and additional_attributes are merged into the existing ones. */
    update: (contactId: number, input: ContactInput, opts?: RequestOptions) =>
      this.call<{ payload: Contact }>('PUT', `/contacts/${id(contactId)}`, input, opts).then(
        (r) => r.payload,
      ),
    delete: (contactId: number, opts?: RequestOptions) =>
      this.call<void>('DELETE', `/contacts/${id(contactId)}`, undefined, opts),
    /** Name/email/phone (ILIKE) or identifier (case-sensitive); 15 per page. */
    search: (
      q: string,
      options: RequestOptions & { page?: number; includeContactInboxes?: boolean } = {},
    ) => {
      const { page, includeContactInboxes, ...opts } = options
      return this.call<ContactSearchResult>('GET', '/contacts/search', undefined, {
        ...opts,
        query: { q, page, include_contact_inboxes: includeContactInboxes },
      })
    },
    /** Every page of a search (stops after maxPages). */
    searchAll: async (q: string, options: RequestOptions & { maxPages?: number } = {}) => {
      const { maxPages = 20, ...opts } = options
      const all: Contact[] = []
      for (let page = 1; page <= maxPages; page++) {
        const result = await this.contacts.search(q, { ...opts, page })
        all.push(...result.payload)
        const more = result.meta.has_more ?? result.payload.length === 15
        if (!more || result.payload.length === 0) break
      }
      return all
    },
    /** The contact's conversations (in every inbox). */
    conversations: (contactId: number, opts?: RequestOptions) =>
      this.call<{ payload: Conversation[] }>(
        'GET',
        `/contacts/${id(contactId)}/conversations`,
        undefined,
        opts,
      ).then((r) => r.payload),
    /** Exact match helpers for deduplication: search is fuzzy, so filter client-side. */
    findByIdentifier: async (identifier: string, opts?: RequestOptions) =>
      (await this.contacts.searchAll(identifier, opts)).find((c) => c.identifier === identifier),
    findByEmail: async (email: string, opts?: RequestOptions) =>
      (await this.contacts.searchAll(email, opts)).find(
        (c) => c.email?.toLowerCase() === email.toLowerCase(),
      ),
  }

  readonly contactInboxes = {
    create: (
      contactId: number,
      input: { inbox_id: number; source_id?: string; hmac_verified?: boolean },
      opts?: RequestOptions,
    ) => this.call<ContactInbox>('POST', `/contacts/${id(contactId)}/contact_inboxes`, input, opts),
  }

  readonly conversations = {
    /** inbox_id + contact_id suffice (source_id is optional on the server, though the spec requires it). */
    create: (input: ConversationInput, opts?: RequestOptions) =>
      this.call<Conversation>('POST', '/conversations', input, opts),
    /** conversationId is the per-account display_id. */
    get: (conversationId: number, opts?: RequestOptions) =>
      this.call<Conversation>('GET', `/conversations/${id(conversationId)}`, undefined, opts),
    toggleStatus: (
      conversationId: number,
      status: ConversationStatus,
      options: RequestOptions & { snoozedUntil?: number } = {},
    ) => {
      const { snoozedUntil, ...opts } = options
      const body: Json = { status }
      if (snoozedUntil !== undefined) body.snoozed_until = snoozedUntil
      return this.call<ToggleStatusResult>(
        'POST',
        `/conversations/${id(conversationId)}/toggle_status`,
        body,
        opts,
      )
    },
    toggleTypingStatus: (
      conversationId: number,
      typing: 'on' | 'off',
      options: RequestOptions & { isPrivate?: boolean } = {},
    ) => {
      const { isPrivate, ...opts } = options
      const body: Json = { typing_status: typing }
      if (isPrivate !== undefined) body.is_private = isPrivate
      return this.call<void>('POST', `/conversations/${id(conversationId)}/toggle_typing_status`, body, opts)
    },
    /** Replaces the conversation's custom attributes. */
    setCustomAttributes: (conversationId: number, customAttributes: Json, opts?: RequestOptions) =>
      this.call<{ custom_attributes: Json }>(
        'POST',
        `/conversations/${id(conversationId)}/custom_attributes`,
        { custom_attributes: customAttributes },
        opts,
      ),
  }

  readonly messages = {
    list: (conversationId: number, options: RequestOptions & { before?: number; after?: number } = {}) => {
      const { before, after, ...opts } = options
      return this.call<MessageList>('GET', `/conversations/${id(conversationId)}/messages`, undefined, {
        ...opts,
        query: { before, after },
      })
    },
    create: (conversationId: number, input: MessageInput, opts?: RequestOptions) =>
      this.call<Message>('POST', `/conversations/${id(conversationId)}/messages`, input, opts),
    /** The same message with files, as multipart form data (Chatwoot's `attachments[]`). */
    createWithFiles: (
      conversationId: number,
      input: MessageInput,
      files: MessageFile[],
      opts?: RequestOptions,
    ) => {
      const form = new FormData()
      for (const [key, value] of Object.entries(input))
        if (value !== undefined)
          form.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value))
      for (const file of files)
        form.append('attachments[]', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name)
      return this.call<Message>('POST', `/conversations/${id(conversationId)}/messages`, form, opts)
    },
    /**
     * Every message of the conversation, oldest first (pages of 100 through `after`; stops after maxPages),
     * e.g. to learn which `source_id`s a call whose answer was lost already created.
     */
    all: async (conversationId: number, options: RequestOptions & { maxPages?: number } = {}) => {
      const { maxPages = 50, ...opts } = options
      const all: Message[] = []
      for (let page = 0; page < maxPages; page++) {
        const { payload } = await this.messages.list(conversationId, { ...opts, after: all.at(-1)?.id ?? 0 })
        all.push(...payload)
        if (payload.length < 100) break
      }
      return all
    },
  }

  readonly dashboardApps = {
    /** The server has it; the spec does not. */
    create: (input: DashboardAppInput, opts?: RequestOptions) =>
      this.call<DashboardApp>('POST', '/dashboard_apps', input, opts),
    list: (opts?: RequestOptions) => this.call<DashboardApp[]>('GET', '/dashboard_apps', undefined, opts),
  }
}
