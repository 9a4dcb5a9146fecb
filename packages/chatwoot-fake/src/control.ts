// Test/dev controls: failure injection and agent-side actions, plus their HTTP (/__fake) form.
import type { FakeApi } from './api.ts'
import type { WebhookDispatcher } from './deliver.ts'
import * as view from './serialize.ts'
import {
  adminOf,
  type ConversationRec,
  conversationByDisplayId,
  type FakeState,
  type UploadedFile,
  type UserRec,
} from './state.ts'

export interface Injection {
  failures: { remaining: number; status: number; retryAfter?: string | number; body?: unknown }[]
  /** Requests that are carried out, but whose answer never arrives (the client times out). */
  lostReplies: { remaining: number; operationId?: string }[]
  down: false | 'refuse' | '503'
  delayMs: number
}

export interface FakeControl {
  /** The next `n` API requests answer `status` (with Retry-After when given: seconds or an HTTP date). */
  failNext(n: number, status: number, options?: { retryAfter?: string | number; body?: unknown }): void
  /** Chatwoot unreachable: connections refused (default) or every API request answers 503. */
  down(mode?: 'refuse' | '503'): Promise<void>
  up(): Promise<void>
  /**
   * The next `n` API requests (of `operationId`, when given) are carried out but never answered: the
   * client times out not knowing that Chatwoot did it (a lost response).
   */
  loseReplies(n: number, options?: { operationId?: string }): void
  /** Delay every API response by `ms` (0 to stop), e.g. to provoke client timeouts. */
  delay(ms: number): void
  /** Sign outgoing webhooks with a wrong key. */
  badSignature(on?: boolean): void
  /** An agent's reply (or private note) in the conversation; fires message_created. */
  agentReply(
    accountId: number,
    conversationId: number,
    content: string,
    /** `files`: what the agent attached (delivered as the message's attachments with data_url). */
    options?: { private?: boolean; agentId?: number; files?: UploadedFile[] },
  ): ReturnType<typeof view.message>
  /** An agent resolves the conversation; fires conversation_status_changed + conversation_updated. */
  resolve(accountId: number, conversationId: number): void
  /** Any status change made by an agent. */
  setStatus(accountId: number, conversationId: number, status: ConversationRec['status']): void
  agentTyping(
    accountId: number,
    conversationId: number,
    on?: boolean,
    options?: { agentId?: number; private?: boolean },
  ): void
  /** A visitor message arriving through the widget (reopens a resolved conversation). */
  visitorMessage(accountId: number, conversationId: number, content: string): ReturnType<typeof view.message>
  /** An account the platform app did not create (its token gets "Non permissible resource"). */
  seedForeignAccount(name: string): number
  /** Resolves when every queued webhook delivery has been attempted. */
  deliveriesSettled(): Promise<void>
  /** Re-sends a recorded delivery unchanged (same X-Chatwoot-Delivery), answering the receiver's status. */
  replayDelivery(deliveryId: string): Promise<number | undefined>
}

export function createControl(
  state: FakeState,
  api: FakeApi,
  hooks: WebhookDispatcher,
  injection: Injection,
  server: { refuse(): Promise<void>; accept(): Promise<void> },
): FakeControl {
  const conversation = (accountId: number, displayId: number) => {
    const c = conversationByDisplayId(state, accountId, displayId)
    if (!c) throw new Error(`No conversation ${displayId} in account ${accountId}`)
    return c
  }
  const agent = (accountId: number, agentId?: number): UserRec => {
    const user = agentId ? state.users.get(agentId) : adminOf(state, accountId)
    if (!user) throw new Error(`Account ${accountId} has no agent to act as`)
    return user
  }
  return {
    failNext(n, status, options = {}) {
      injection.failures.push({ remaining: n, status, retryAfter: options.retryAfter, body: options.body })
    },
    loseReplies(n, options = {}) {
      injection.lostReplies.push({ remaining: n, operationId: options.operationId })
    },
    async down(mode = 'refuse') {
      injection.down = mode
      if (mode === 'refuse') await server.refuse()
    },
    async up() {
      if (injection.down === 'refuse') await server.accept()
      injection.down = false
    },
    delay(ms) {
      injection.delayMs = ms
    },
    badSignature(on = true) {
      hooks.options.badSignature = on
    },
    agentReply(accountId, conversationId, content, options = {}) {
      const c = conversation(accountId, conversationId)
      const user = agent(accountId, options.agentId)
      const m = api.createMessage(c, {
        content,
        message_type: 1,
        private: options.private ?? false,
        sender: { type: 'User', id: user.id },
        files: options.files,
      })
      return view.message(state, m)
    },
    resolve(accountId, conversationId) {
      api.setStatus(conversation(accountId, conversationId), 'resolved')
    },
    setStatus(accountId, conversationId, status) {
      api.setStatus(conversation(accountId, conversationId), status)
    },
    agentTyping(accountId, conversationId, on = true, options = {}) {
      api.typing(
        conversation(accountId, conversationId),
        agent(accountId, options.agentId),
        on,
        options.private ?? false,
      )
    },
    visitorMessage(accountId, conversationId, content) {
      const c = conversation(accountId, conversationId)
      const m = api.createMessage(c, {
        content,
        message_type: 0,
        sender: { type: 'Contact', id: c.contact_id },
      })
      if (c.status === 'resolved') api.setStatus(c, 'open')
      return view.message(state, m)
    },
    seedForeignAccount(name) {
      const id = Math.max(0, ...state.accounts.keys()) + 1
      state.seq.account = Math.max(state.seq.account ?? 0, id)
      state.accounts.set(id, {
        id,
        name,
        locale: 'en',
        domain: null,
        support_email: null,
        status: 'active',
        features: {},
        custom_attributes: {},
        limits: {},
        permissible: false,
        nextDisplayId: 1,
        created_at: new Date().toISOString(),
      })
      return id
    },
    deliveriesSettled: () => hooks.idle(),
    replayDelivery: (id) => hooks.replay(id),
  }
}

/** A JSON snapshot of the fake's data for GET /__fake/state. */
export function snapshot(state: FakeState) {
  return {
    accounts: [...state.accounts.values()].map((a) => ({
      ...view.account(a),
      users: state.accountUsers
        .filter((au) => au.account_id === a.id)
        .map((au) => ({ user_id: au.user_id, role: au.role, email: state.users.get(au.user_id)?.email })),
      inboxes: [...state.inboxes.values()]
        .filter((i) => i.account_id === a.id)
        .map((i) => view.inbox(i, true)),
      webhooks: [...state.webhooks.values()]
        .filter((w) => w.account_id === a.id)
        .map((w) => view.webhook(state, w, true)),
      contacts: [...state.contacts.values()]
        .filter((c) => c.account_id === a.id)
        .map((c) => view.contact(state, c)),
      conversations: [...state.conversations.values()]
        .filter((c) => c.account_id === a.id)
        .map((c) => view.conversation(state, c)),
    })),
    deliveries: state.deliveries.map(({ body: _b, headers: _h, ...d }) => d),
    requests: state.requests.length,
  }
}

const esc = (s: unknown) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  )

/** GET /__fake/: accounts and conversations, with a form to reply as an agent. Every value is escaped. */
export function renderPage(state: FakeState): string {
  const accounts = [...state.accounts.values()]
  const body = accounts
    .map((a) => {
      const conversations = [...state.conversations.values()].filter((c) => c.account_id === a.id)
      const rows = conversations
        .map((c) => {
          const contact = state.contacts.get(c.contact_id)
          const messages = [...state.messages.values()]
            .filter((m) => m.conversation_id === c.id)
            .map((m) => {
              const who = ['visitor', 'agent', 'activity', 'template'][m.message_type]
              return `<li class="${m.private ? 'private' : ''}"><b>${esc(who)}${m.private ? ' (private note)' : ''}:</b> ${esc(m.content)}</li>`
            })
            .join('')
          const action = `/__fake/accounts/${a.id}/conversations/${c.display_id}`
          return `<section><h3>#${c.display_id} · ${esc(contact?.name || contact?.email || 'visitor')} · <i>${esc(c.status)}</i></h3>
<ul>${messages}</ul>
<form method="post" action="${action}/reply"><input name="content" placeholder="Reply as agent" required size="50">
<label><input type="checkbox" name="private" value="true"> private note</label><button>Send</button></form>
<form method="post" action="${action}/typing"><input type="hidden" name="on" value="true"><button>Typing…</button></form>
<form method="post" action="${action}/resolve"><button>Resolve</button></form></section>`
        })
        .join('')
      return `<h2>Account ${a.id}: ${esc(a.name)} <small>(${esc(a.status)})</small></h2>${rows || '<p>No conversations yet.</p>'}`
    })
    .join('')
  return `<!doctype html><html><head><meta charset="utf-8"><title>Fake Chatwoot</title>
<style>body{font:14px system-ui;margin:2rem;max-width:60rem}section{border:1px solid #ccc;padding:.5rem 1rem;margin:.5rem 0}.private{background:#fff6d5}form{display:inline-block;margin-right:.5rem}</style>
</head><body><h1>Fake Chatwoot</h1>${body || '<p>No accounts yet.</p>'}</body></html>`
}
