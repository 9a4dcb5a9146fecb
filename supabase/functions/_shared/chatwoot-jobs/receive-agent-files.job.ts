// An agent's reply with files: the files go into Parley's bucket first, then the reply becomes the session's
// agent message with them (once per Chatwoot message id), so the widget shows text and files together. The
// webhook stored the event; this job does the fetching it must not do inline.
import { z } from 'zod'
import { chatwootUrl } from '../chatwoot-connection.ts'
import { defineJob, done } from '../jobs/define.ts'
import { storeAgentFiles } from './agent-files.ts'
import { chatwoot } from './destination.ts'

export default defineJob({
  topic: 'chatwoot.receive_agent_files',
  title: "Bring an agent's files from Chatwoot into the chat",
  payload: z.object({
    store_id: z.uuid(),
    session_id: z.uuid(),
    chatwoot_message_id: z.number().int().positive(),
    content: z.string(),
    sender_name: z.string().nullable(),
    files: z.array(z.object({ data_url: z.url(), file_type: z.string().optional() })).max(20),
  }),
  destination: chatwoot,
  key: 'agent-files:{store_id}:{chatwoot_message_id}',
  async run(p, { db }) {
    const { data: known, error: knownError } = await db
      .from('messages')
      .select('id')
      .eq('store_id', p.store_id)
      .eq('chatwoot_message_id', p.chatwoot_message_id)
      .maybeSingle()
    if (knownError) throw new Error(`looking for the message: ${knownError.message}`)
    if (known) return done({ message_id: known.id })
    const { stored, skipped } = await storeAgentFiles(db, chatwootUrl(), p.store_id, p.session_id, p.files)
    const { data, error } = await db
      .from('messages')
      .insert({
        store_id: p.store_id,
        session_id: p.session_id,
        sender: 'agent',
        author_id: null,
        content: [p.content, ...skipped].filter(Boolean).join('\n'),
        attachments: stored,
        chatwoot_message_id: p.chatwoot_message_id,
        metadata: { chatwoot: { sender_name: p.sender_name } },
      })
      .select('id')
      .maybeSingle()
    // The session may have been erased meanwhile (its files with it, by the erasure's own job).
    if (error?.code === '23503') return done({ skipped: 'the conversation is gone' })
    if (error && error.code !== '23505') throw new Error(`storing the agent message: ${error.message}`)
    await db
      .from('chat_sessions')
      .update({ status: 'human' })
      .eq('id', p.session_id)
      .eq('store_id', p.store_id)
      .eq('status', 'queued')
    return done({ message_id: data?.id ?? null, files: stored.length, skipped: skipped.length })
  },
})
