// A session handed to a person (bot -> queued) gets a conversation in the store's API inbox (the one
// kind of inbox that takes the visitor's lines as incoming messages): the contact synced first, then the
// transcript (the visitor's lines incoming, the bot's as private notes) and a private context note.
// A conversation made for this session earlier (custom attribute parley_session_id) is continued, so a
// crash between creating it and saving its id never opens a second one.
import { z } from 'zod'
import type { AccountClient } from '../chatwoot/index.ts'
import { must } from '../db.ts'
import { dead, defineJob, done } from '../jobs/define.ts'
import { loadContact, upsertContact } from './contacts.ts'
import { chatwoot } from './destination.ts'
import {
  type LineRow,
  lineColumns,
  loadSession,
  postedSourceIds,
  postLine,
  type SessionRow,
} from './lines.ts'
import { readyAccount } from './ready-account.ts'

/** Why the chat function handed the session off, as it noted on the line that did. */
function handoffReason(line: LineRow) {
  const meta = line.metadata
  return meta && typeof meta === 'object' && !Array.isArray(meta) ? meta.handoff_reason : undefined
}

function contextNote(session: SessionRow, lines: LineRow[]): string {
  const reason = lines.map(handoffReason).findLast(Boolean)
  const latestQuestions = lines
    .filter((m) => m.sender === 'customer')
    .slice(-3)
    .map((m) => `• ${m.content.slice(0, 200)}`)
  return [
    'Parley handoff',
    session.summary ? `Summary: ${session.summary}` : null,
    latestQuestions.length ? `Latest questions:\n${latestQuestions.join('\n')}` : null,
    `Lead score: ${session.lead_score ?? 'n/a'}`,
    `Sentiment: ${session.sentiment == null ? 'n/a' : session.sentiment.toFixed(2)}`,
    `Language: ${session.language ?? 'n/a'}`,
    reason ? `Handoff reason: ${reason}` : null,
  ]
    .filter(Boolean)
    .join('\n')
}

/** The session's conversation: the one made for it before, else a new one. */
async function conversationFor(
  client: AccountClient,
  session: SessionRow,
  contactId: number,
  inboxId: number,
) {
  const earlier = (await client.contacts.conversations(contactId)).find(
    (c) => c.inbox_id === inboxId && c.custom_attributes?.parley_session_id === session.id,
  )
  if (earlier) return { id: earlier.id, created: false }
  const attributes: Record<string, unknown> = { parley_session_id: session.id }
  if (session.lead_score != null) attributes.parley_lead_score = session.lead_score
  await client.contactInboxes.create(contactId, { inbox_id: inboxId })
  const conversation = await client.conversations.create({
    inbox_id: inboxId,
    contact_id: contactId,
    status: 'open',
    custom_attributes: attributes,
  })
  return { id: conversation.id, created: true }
}

export default defineJob({
  topic: 'chatwoot.handoff',
  title: 'Hand the conversation to Chatwoot',
  payload: z.object({ store_id: z.uuid(), session_id: z.uuid(), contact_id: z.uuid().nullish() }),
  destination: chatwoot,
  coalesce: 'session:{session_id}',
  lane: 'chatwoot-contact:{contact_id}',
  after: 'chatwoot-account:{store_id}',
  async run(payload, ctx) {
    const { db } = ctx
    const session = await loadSession(db, payload.store_id, payload.session_id)
    if (!session) return done({ skipped: 'the conversation is gone' })
    const contact = session.contact_id ? await loadContact(db, payload.store_id, session.contact_id) : null
    if (!contact) return dead('The conversation has no contact to hand to Chatwoot')
    const account = await readyAccount(ctx, payload.store_id)
    const contactId = await upsertContact(db, account.client, contact)

    let conversationId = session.chatwoot_conversation_id
    let created = false
    if (!conversationId) {
      const conversation = await conversationFor(account.client, session, contactId, account.apiInboxId)
      conversationId = conversation.id
      created = conversation.created
      // Saved at once: later lines and agent replies find the conversation by it.
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
        .select(lineColumns)
        .eq('store_id', session.store_id)
        .eq('session_id', session.id)
        .eq('is_private', false)
        .in('sender', ['customer', 'bot'])
        .order('id'),
      'reading the transcript',
    )
    const posted = created ? new Map<string, number>() : await postedSourceIds(account.client, conversationId)
    for (const line of lines) {
      if (!line.chatwoot_message_id)
        await postLine(db, account.client, session.store_id, conversationId, line, posted)
    }
    const noteSource = `parley-handoff-${session.id}`
    if (!posted.has(noteSource)) {
      await account.client.messages.create(conversationId, {
        content: contextNote(session, lines),
        private: true,
        source_id: noteSource,
      })
    }
    must(
      await db
        .from('chat_sessions')
        .update({ handoff_state: 'delivered' })
        .eq('id', session.id)
        .eq('store_id', session.store_id),
      'marking the handoff delivered',
    )
    return done({ conversation_id: conversationId, created })
  },
})
