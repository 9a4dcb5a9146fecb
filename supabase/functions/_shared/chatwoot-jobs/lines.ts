// A handed-off session's lines in its Chatwoot conversation, each exactly once and in order. Every line
// is posted with source_id 'parley-message-<id>' and its Chatwoot id is saved on the message. A run that
// may follow an earlier one (a retry, a conversation that already existed) first lists the source ids
// the conversation has, so a post whose answer was lost is found there instead of being sent twice.
import type { AccountClient, MessageFile, MessageInput } from '../chatwoot/index.ts'
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

type FileEntry = { path: string; name: string; type: string }

/** The line's files (the attachments entries that name a stored file). */
function filesOf(line: LineRow): FileEntry[] {
  const files = Array.isArray(line.attachments) ? line.attachments : []
  return files.flatMap((a) =>
    a &&
    typeof a === 'object' &&
    !Array.isArray(a) &&
    typeof a.path === 'string' &&
    typeof a.name === 'string'
      ? [
          {
            path: a.path,
            name: a.name,
            type: typeof a.type === 'string' ? a.type : 'application/octet-stream',
          },
        ]
      : [],
  )
}

/**
 * The visitor's files, read from Storage to go to Chatwoot as the message's attachments. A file that is gone
 * (deleted by retention or an erasure) is named in the text instead, so the line is never blank.
 */
async function readFiles(db: Db, line: LineRow): Promise<{ files: MessageFile[]; missing: string[] }> {
  const files: MessageFile[] = []
  const missing: string[] = []
  for (const entry of filesOf(line)) {
    const { data } = await db.storage.from('attachments').download(entry.path)
    if (data)
      files.push({ name: entry.name, type: entry.type, bytes: new Uint8Array(await data.arrayBuffer()) })
    else missing.push(`📎 ${entry.name} (no longer stored)`)
  }
  return { files, missing }
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
  let chatwootId = posted.get(source)
  if (chatwootId === undefined) {
    if (line.sender === 'customer') {
      const { files, missing } = await readFiles(db, line)
      const input: MessageInput = {
        content: [line.content, ...missing].filter(Boolean).join('\n'),
        message_type: 'incoming',
        source_id: source,
      }
      chatwootId = (
        files.length > 0
          ? await client.messages.createWithFiles(conversationId, input, files)
          : await client.messages.create(conversationId, input)
      ).id
    } else {
      chatwootId = (
        await client.messages.create(conversationId, {
          content: `🤖 ${line.content}`,
          private: true,
          source_id: source,
        })
      ).id
    }
  }
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
