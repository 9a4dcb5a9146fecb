// A handed-off session's lines in its Chatwoot conversation, each exactly once and in order. Every line
// is posted with source_id 'parley-message-<id>' and its Chatwoot id is saved on the message. A run that
// may follow an earlier one (a retry, a conversation that already existed) first lists the source ids
// the conversation has, so a post whose answer was lost is found there instead of being sent twice.
import type { AccountClient, MessageInput } from '../chatwoot/index.ts'
import type { Tables } from '../database.types.ts'
import { type Db, must } from '../db.ts'

export type SessionRow = Pick<
  Tables<'chat_sessions'>,
  | 'id'
  | 'store_id'
  | 'contact_id'
  | 'status'
  | 'lead_score'
  | 'sentiment'
  | 'language'
  | 'summary'
  | 'chatwoot_conversation_id'
  | 'handoff_state'
>

export type LineRow = Pick<
  Tables<'messages'>,
  'id' | 'sender' | 'content' | 'chatwoot_message_id' | 'metadata'
> &
  Partial<Pick<Tables<'messages'>, 'attachments'>>

const sessionColumns =
  'id, store_id, contact_id, status, lead_score, sentiment, language, summary, chatwoot_conversation_id, handoff_state'
export const lineColumns = 'id, sender, content, chatwoot_message_id, metadata, attachments'

export async function loadSession(db: Db, storeId: string, sessionId: string): Promise<SessionRow | null> {
  return must(
    await db
      .from('chat_sessions')
      .select(sessionColumns)
      .eq('id', sessionId)
      .eq('store_id', storeId)
      .maybeSingle(),
    'reading the session',
  )
}

export const sourceId = (messageId: number) => `parley-message-${messageId}`

/** source_id -> Chatwoot message id of everything already in the conversation. */
export async function postedSourceIds(
  client: AccountClient,
  conversationId: number,
): Promise<Map<string, number>> {
  const posted = new Map<string, number>()
  for (const message of await client.messages.all(conversationId))
    if (message.source_id) posted.set(message.source_id, message.id)
  return posted
}

/**
 * A visitor's files named in the line's text, so the agent knows one was sent (and the line is never blank).
 * The files themselves are not uploaded to Chatwoot yet: the agent opens them in Parley's transcript.
 */
function withFileNotes(line: LineRow): string {
  const files = Array.isArray(line.attachments) ? line.attachments : []
  const notes = files.flatMap((a) =>
    a && typeof a === 'object' && !Array.isArray(a) && typeof a.name === 'string'
      ? [`📎 ${a.name} (sent in the chat; open the conversation in Parley to see it)`]
      : [],
  )
  return [line.content, ...notes].filter(Boolean).join('\n')
}

/**
 * Posts one line (a visitor's as incoming, the bot's as a private note for the agent) unless `posted`
 * shows it there already, and saves its Chatwoot id on the message.
 */
export async function postLine(
  db: Db,
  client: AccountClient,
  storeId: string,
  conversationId: number,
  line: LineRow,
  posted: Map<string, number> = new Map(),
): Promise<number> {
  const source = sourceId(line.id)
  const input: MessageInput =
    line.sender === 'customer'
      ? { content: withFileNotes(line), message_type: 'incoming', source_id: source }
      : { content: `🤖 ${line.content}`, private: true, source_id: source }
  const chatwootId = posted.get(source) ?? (await client.messages.create(conversationId, input)).id
  must(
    await db
      .from('messages')
      .update({ chatwoot_message_id: chatwootId })
      .eq('id', line.id)
      .eq('store_id', storeId),
    'saving the Chatwoot message id',
  )
  return chatwootId
}
