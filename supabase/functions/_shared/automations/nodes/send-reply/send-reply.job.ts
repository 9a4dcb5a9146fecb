// Writes the automation's reply as a bot message, so the widget and the dashboard get it over Realtime
// like any reply. Marked as an automation's (metadata.automation), it never fires message triggers.
import { z } from 'zod'
import { defineJob, done } from '../../../jobs/define.ts'
import { must } from '../../../supabase.ts'
import { automationMark, NO_SESSION, parleyDatabase, RUN_STEP_KEY, runFields } from '../../action-job.ts'

export default defineJob({
  topic: 'automations.send_reply',
  title: 'Reply in the chat (automation)',
  payload: z.object({ ...runFields, content: z.string().min(1).max(4000) }),
  destination: parleyDatabase,
  retry: { attempts: 5, backoff: { first: 2, max: 60 } },
  key: RUN_STEP_KEY,
  async run(p, { db, job }) {
    if (!p.session_id) return { outcome: 'dead', reason: NO_SESSION }
    // A run before this one may have written it and lost the answer: look first.
    const earlier = !job.rerun
      ? null
      : (must(
          await db
            .from('messages')
            .select('id')
            .eq('store_id', p.store_id)
            .eq('session_id', p.session_id)
            .eq('metadata->automation->>run_id', p.run_id)
            .eq('metadata->automation->>step', String(p.step))
            .maybeSingle(),
          'looking for the reply',
        ) as { id: number } | null)
    if (earlier) return done({ message_id: earlier.id })
    const row = must(
      await db
        .from('messages')
        .insert({
          store_id: p.store_id,
          session_id: p.session_id,
          sender: 'bot',
          author_id: null,
          content: p.content,
          metadata: { kind: 'automation', ...automationMark(p) },
        })
        .select('id')
        .single(),
      'writing the reply',
    ) as { id: number }
    return done({ message_id: row.id })
  },
})
