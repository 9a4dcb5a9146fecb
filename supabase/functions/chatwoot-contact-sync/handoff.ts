// chatwoot.handoff: the session's conversation in the store's API inbox (an API inbox is the one kind
// that accepts the visitor's lines as incoming messages), with the transcript and a private context note.
// chatwoot.forward_message: a visitor's later message, posted as incoming (Chatwoot reopens a resolved
// conversation on it). Every posted line gets its Chatwoot id saved, so a rerun never posts it twice.
import type { AccountClient } from '../_shared/chatwoot/index.ts'
import type { StoreAccount } from '../_shared/chatwoot-account.ts'
import { type ContactRow, contactColumns, upsertContact } from './contacts.ts'
import { type Db, JobRefused, must, RetryLater } from './errors.ts'

interface SessionRow {
  id: string
  store_id: string
  contact_id: string | null
  status: string
  lead_score: number | null
  sentiment: number | null
  language: string | null
  summary: string
  chatwoot_conversation_id: number | null
  handoff_state: string | null
}

interface MessageRow {
  id: number
  sender: 'customer' | 'bot' | 'agent' | 'system'
  content: string
  chatwoot_message_id: number | null
  metadata: Record<string, unknown>
}

const sessionColumns =
  'id, store_id, contact_id, status, lead_score, sentiment, language, summary, chatwoot_conversation_id, handoff_state'

async function loadSession(db: Db, storeId: string, sessionId: string): Promise<SessionRow> {
  const session = must(
    await db
      .from('chat_sessions')
      .select(sessionColumns)
      .eq('id', sessionId)
      .eq('store_id', storeId)
      .maybeSingle(),
    'reading the session',
  ) as SessionRow | null
  if (!session) throw new JobRefused(`session ${sessionId} is not in store ${storeId}`)
  return session
}

async function markPosted(db: Db, storeId: string, messageId: number, chatwootId: number) {
  must(
    await db
      .from('messages')
      .update({ chatwoot_message_id: chatwootId })
      .eq('id', messageId)
      .eq('store_id', storeId),
    'saving the Chatwoot message id',
  )
}

/** The contact behind the session, synced first (every session the chat function starts has one). */
async function sessionContact(db: Db, client: AccountClient, session: SessionRow): Promise<number> {
  if (!session.contact_id) throw new JobRefused('the session has no contact')
  const contact = must(
    await db
      .from('contacts')
      .select(contactColumns)
      .eq('id', session.contact_id)
      .eq('store_id', session.store_id)
      .single(),
    'reading the contact',
  ) as ContactRow
  return upsertContact(db, client, contact)
}

function contextNote(session: SessionRow, lines: MessageRow[]): string {
  const reason = [...lines].reverse().find((m) => m.metadata?.handoff_reason)?.metadata.handoff_reason
  const firstQuestions = lines
    .filter((m) => m.sender === 'customer')
    .slice(-3)
    .map((m) => `• ${m.content.slice(0, 200)}`)
  return [
    'Parley handoff',
    session.summary ? `Summary: ${session.summary}` : null,
    firstQuestions.length ? `Latest questions:\n${firstQuestions.join('\n')}` : null,
    `Lead score: ${session.lead_score ?? 'n/a'}`,
    `Sentiment: ${session.sentiment == null ? 'n/a' : session.sentiment.toFixed(2)}`,
    `Language: ${session.language ?? 'n/a'}`,
    reason ? `Handoff reason: ${reason}` : null,
  ]
    .filter(Boolean)
    .join('\n')
}

export async function handoff(db: Db, account: StoreAccount, client: AccountClient, sessionId: string) {
  const session = await loadSession(db, account.storeId, sessionId)
  if (!account.apiInboxId) throw new RetryLater('the store has no API inbox yet', 10)
  const contactId = await sessionContact(db, client, session)

  let conversationId = session.chatwoot_conversation_id
  const created = !conversationId
  if (!conversationId) {
    await client.contactInboxes.create(contactId, { inbox_id: account.apiInboxId })
    const attributes: Record<string, unknown> = { parley_session_id: session.id }
    if (session.lead_score != null) attributes.parley_lead_score = session.lead_score
    const conversation = await client.conversations.create(
      { inbox_id: account.apiInboxId, contact_id: contactId, status: 'open', custom_attributes: attributes },
      { retry: false },
    )
    conversationId = conversation.id
    // Saved at once: a rerun continues this conversation instead of opening another.
    must(
      await db
        .from('chat_sessions')
        .update({ chatwoot_conversation_id: conversationId })
        .eq('id', session.id)
        .eq('store_id', session.store_id),
      'saving the conversation id',
    )
  }

  const lines = must(
    await db
      .from('messages')
      .select('id, sender, content, chatwoot_message_id, metadata')
      .eq('store_id', session.store_id)
      .eq('session_id', session.id)
      .eq('is_private', false)
      .in('sender', ['customer', 'bot'])
      .order('id'),
    'reading the transcript',
  ) as MessageRow[]

  for (const line of lines) {
    if (line.chatwoot_message_id) continue
    const posted =
      line.sender === 'customer'
        ? await client.messages.create(conversationId, { content: line.content, message_type: 'incoming' })
        : // The bot's side is for the agent only: a private note never reaches the visitor twice.
          await client.messages.create(conversationId, { content: `🤖 ${line.content}`, private: true })
    await markPosted(db, session.store_id, line.id, posted.id)
  }
  if (created || session.handoff_state !== 'delivered') {
    await client.messages.create(conversationId, { content: contextNote(session, lines), private: true })
  }
  must(
    await db
      .from('chat_sessions')
      .update({ handoff_state: 'delivered' })
      .eq('id', session.id)
      .eq('store_id', session.store_id),
    'marking the handoff delivered',
  )
  return { conversation_id: conversationId, created }
}

export async function forwardMessage(
  db: Db,
  account: StoreAccount,
  client: AccountClient,
  sessionId: string,
  messageId: number,
) {
  const session = await loadSession(db, account.storeId, sessionId)
  const message = must(
    await db
      .from('messages')
      .select('id, sender, content, chatwoot_message_id, metadata')
      .eq('id', messageId)
      .eq('store_id', account.storeId)
      .eq('session_id', session.id)
      .maybeSingle(),
    'reading the message',
  ) as MessageRow | null
  if (!message) return { skipped: 'message gone' }
  if (message.chatwoot_message_id) return { skipped: 'already posted' }
  // Until the handoff has posted the transcript (which may include this line), wait for it: posting
  // now could race it and show the line twice.
  if (!session.chatwoot_conversation_id || session.handoff_state !== 'delivered')
    throw new RetryLater('the handoff is not delivered yet', 3)
  // Earlier lines whose own jobs gave up (Chatwoot down for long) go first, in order: nothing is lost.
  const pending = must(
    await db
      .from('messages')
      .select('id, sender, content, chatwoot_message_id, metadata')
      .eq('store_id', account.storeId)
      .eq('session_id', session.id)
      .eq('sender', 'customer')
      .eq('is_private', false)
      .is('chatwoot_message_id', null)
      .lte('id', message.id)
      .order('id'),
    'reading the unposted lines',
  ) as MessageRow[]
  const posted: number[] = []
  for (const line of pending) {
    const created = await client.messages.create(session.chatwoot_conversation_id, {
      content: line.content,
      message_type: 'incoming',
    })
    await markPosted(db, account.storeId, line.id, created.id)
    posted.push(created.id)
  }
  return { posted }
}
