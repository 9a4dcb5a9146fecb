// Applying a verified, stored Chatwoot event to Parley. Each applier is idempotent (a replay of an
// event that failed half-way may run it again) and scoped by the store the delivery was signed for.

import type {
  ContactEvent,
  ConversationEvent,
  MessageEvent,
  TypingEvent,
  WebhookConversation,
} from '../_shared/chatwoot/index.ts'
import type { Enums, Tables, TablesUpdate } from '../_shared/database.types.ts'
import type { Db } from '../_shared/db.ts'
import { broadcastTyping } from '../_shared/typing.ts'

type Session = Pick<Tables<'chat_sessions'>, 'id' | 'status'>
type Status = Enums<'chat_session_status'>

/** Our session for a conversation: by the saved display id, else by the attribute the handoff set. */
async function sessionFor(
  db: Db,
  storeId: string,
  conversation: WebhookConversation,
): Promise<Session | null> {
  const byId = await db
    .from('chat_sessions')
    .select('id, status')
    .eq('store_id', storeId)
    .eq('chatwoot_conversation_id', conversation.id)
    .maybeSingle()
  if (byId.error) throw new Error(`finding the session: ${byId.error.message}`)
  if (byId.data) return byId.data
  const attr = conversation.custom_attributes?.parley_session_id
  if (typeof attr !== 'string' || !/^[0-9a-f-]{36}$/i.test(attr)) return null
  const byAttr = await db
    .from('chat_sessions')
    .select('id, status')
    .eq('store_id', storeId)
    .eq('id', attr)
    .is('chatwoot_conversation_id', null)
    .maybeSingle()
  if (byAttr.error) throw new Error(`finding the session: ${byAttr.error.message}`)
  return byAttr.data
}

async function setStatus(db: Db, storeId: string, session: Session, status: Status, from: Status[]) {
  if (!from.includes(session.status)) return `status stays ${session.status}`
  const patch: TablesUpdate<'chat_sessions'> = {
    status,
    resolved_at: status === 'resolved' ? new Date().toISOString() : null,
  }
  const { error } = await db
    .from('chat_sessions')
    .update(patch)
    .eq('id', session.id)
    .eq('store_id', storeId)
    .in('status', from)
  if (error) throw new Error(`updating the session: ${error.message}`)
  return `status ${session.status} -> ${status}`
}

/** The message's files that have a URL to fetch them from (at most 20, as one message holds). */
function agentFiles(event: MessageEvent): { data_url: string; file_type?: string }[] {
  return (event.attachments ?? [])
    .flatMap((a) =>
      a && typeof a === 'object' && !Array.isArray(a) && typeof a.data_url === 'string' && a.data_url
        ? [{ data_url: a.data_url, ...(typeof a.file_type === 'string' ? { file_type: a.file_type } : {}) }]
        : [],
    )
    .slice(0, 20)
}

async function messageCreated(db: Db, storeId: string, event: MessageEvent): Promise<string> {
  // Private notes are for agents only; incoming lines are the visitor's own (ours, echoed back).
  if (event.private) return 'ignored: private note'
  if (event.message_type !== 'outgoing') return `ignored: ${event.message_type}`
  if (event.sender?.type !== 'user') return 'ignored: not written by an agent'
  const session = await sessionFor(db, storeId, event.conversation)
  if (!session) return 'ignored: no session for this conversation'
  const files = agentFiles(event)
  if (files.length > 0) {
    // Fetching the files is outbound work: a job brings them into the bucket and stores the message.
    const { error } = await db.rpc('enqueue_outbox', {
      p_store_id: storeId,
      p_topic: 'chatwoot.receive_agent_files',
      p_payload: {
        store_id: storeId,
        session_id: session.id,
        chatwoot_message_id: event.id,
        content: event.content ?? '',
        sender_name: event.sender?.name ?? null,
        files,
      },
    })
    if (error) throw new Error(`enqueueing the agent's files: ${error.message}`)
    await setStatus(db, storeId, session, 'human', ['queued'])
    return `agent message with ${files.length} file(s) queued`
  }
  const { error } = await db.from('messages').insert({
    store_id: storeId,
    session_id: session.id,
    sender: 'agent',
    author_id: null,
    content: event.content ?? '',
    chatwoot_message_id: event.id,
    metadata: { chatwoot: { sender_name: event.sender?.name ?? null } },
  })
  if (error && error.code !== '23505') throw new Error(`storing the agent message: ${error.message}`)
  // An agent answering means a person has the conversation.
  await setStatus(db, storeId, session, 'human', ['queued'])
  return error ? 'duplicate message' : 'agent message stored'
}

async function statusChanged(db: Db, storeId: string, event: ConversationEvent): Promise<string> {
  const session = await sessionFor(db, storeId, event)
  if (!session) return 'ignored: no session for this conversation'
  if (event.status === 'resolved') return setStatus(db, storeId, session, 'resolved', ['queued', 'human'])
  if (event.status === 'open') return setStatus(db, storeId, session, 'human', ['queued', 'resolved'])
  return `ignored: status ${event.status}`
}

async function conversationUpdated(db: Db, storeId: string, event: ConversationEvent): Promise<string> {
  if (!event.meta?.assignee) return 'ignored: no assignee'
  const session = await sessionFor(db, storeId, event)
  if (!session) return 'ignored: no session for this conversation'
  return setStatus(db, storeId, session, 'human', ['queued'])
}

async function typing(db: Db, storeId: string, event: TypingEvent): Promise<string> {
  if (event.is_private) return 'ignored: private typing'
  const session = await sessionFor(db, storeId, event.conversation)
  if (!session) return 'ignored: no session for this conversation'
  await broadcastTyping(session.id, 'agent', event.event === 'conversation_typing_on')
  return 'typing broadcast'
}

/** Chatwoot's changed_attributes as field -> { previous_value, current_value }. */
function changes(event: ContactEvent): Map<string, { previous: unknown; current: unknown }> {
  const out = new Map<string, { previous: unknown; current: unknown }>()
  for (const entry of event.changed_attributes ?? []) {
    for (const [field, change] of Object.entries(entry ?? {})) {
      out.set(field, { previous: change?.previous_value ?? null, current: change?.current_value ?? null })
    }
  }
  return out
}

type LinkedContact = Pick<Tables<'contacts'>, 'id' | 'name' | 'email' | 'phone' | 'chatwoot_contact_id'>

/** Our contacts behind a Chatwoot contact: by its id (two of ours may share one), else by identifier. */
async function linkedContacts(db: Db, storeId: string, event: ContactEvent): Promise<LinkedContact[]> {
  const columns = 'id, name, email, phone, chatwoot_contact_id'
  const byId = await db
    .from('contacts')
    .select(columns)
    .eq('store_id', storeId)
    .eq('chatwoot_contact_id', event.id)
  if (byId.error) throw new Error(`finding the contact: ${byId.error.message}`)
  if (byId.data.length || !event.identifier) return byId.data
  const byIdentifier = await db
    .from('contacts')
    .select(columns)
    .eq('store_id', storeId)
    .eq('external_id', event.identifier)
  if (byIdentifier.error) throw new Error(`finding the contact: ${byIdentifier.error.message}`)
  return byIdentifier.data
}

/**
 * Agents may correct a contact's name, e-mail and phone; the store's identifier stays the store's. A change
 * is taken only when Chatwoot's previous value is ours: the echo of an older sync arriving after a newer
 * local edit (previous value not ours any more) must not undo that edit. A created contact only fills gaps.
 */
async function contactChanged(db: Db, storeId: string, event: ContactEvent): Promise<string> {
  const contacts = await linkedContacts(db, storeId, event)
  if (contacts.length === 0) return 'ignored: unknown contact'
  const changed = changes(event)
  const outcomes: string[] = []
  for (const contact of contacts) {
    const fields = [
      ['name', 'name', event.name],
      ['email', 'email', event.email],
      ['phone', 'phone_number', event.phone_number],
    ] as const
    const patch: TablesUpdate<'contacts'> = {}
    if (contact.chatwoot_contact_id !== event.id) patch.chatwoot_contact_id = event.id
    for (const [ours, theirs, value] of fields) {
      if (!value || value === contact[ours]) continue
      // "Visitor 1a2b3c4d" is the placeholder contact sync gives nameless contacts: not a name to keep.
      if (ours === 'name' && /^Visitor [0-9a-f]{8}$/.test(value)) continue
      const change = changed.get(theirs)
      const agentEdit = change
        ? (change.previous ?? null) === (contact[ours] ?? null)
        : contact[ours] === null
      if (agentEdit) patch[ours] = value
    }
    if (Object.keys(patch).length === 0) {
      outcomes.push('contact unchanged')
      continue
    }
    const { error } = await db.from('contacts').update(patch).eq('id', contact.id).eq('store_id', storeId)
    if (error) throw new Error(`updating the contact: ${error.message}`)
    outcomes.push(`contact updated (${Object.keys(patch).join(', ')})`)
  }
  return [...new Set(outcomes)].join('; ')
}

export async function applyEvent(db: Db, storeId: string, event: { event: string }): Promise<string> {
  switch (event.event) {
    case 'message_created':
      return messageCreated(db, storeId, event as MessageEvent)
    case 'conversation_status_changed':
      return statusChanged(db, storeId, event as ConversationEvent)
    case 'conversation_updated':
      return conversationUpdated(db, storeId, event as ConversationEvent)
    case 'conversation_typing_on':
    case 'conversation_typing_off':
      return typing(db, storeId, event as TypingEvent)
    case 'contact_created':
    case 'contact_updated':
      return contactChanged(db, storeId, event as ContactEvent)
    default:
      return `ignored: ${event.event}`
  }
}
