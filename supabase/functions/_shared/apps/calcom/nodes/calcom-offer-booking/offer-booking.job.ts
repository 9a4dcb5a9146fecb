// Writes the booking offer as a bot message whose metadata the widget draws as a card: the store's
// booking page with the visitor's name and e-mail, and the conversation in metadata[parley_session], which
// Cal.com hands back in its booking webhook so the booking lands in this conversation.
import { z } from 'zod'
import { automationMark, NO_SESSION, RUN_STEP_KEY, runFields } from '../../../../automations/action-job.ts'
import { dead, defineJob, done } from '../../../../jobs/define.ts'
import { must } from '../../../../supabase.ts'
import { withCredential } from '../../../connection.ts'
import { appDestination } from '../../../destination.ts'
import calcom from '../../app.ts'
import { bookingLink } from '../../client.ts'

export default defineJob({
  topic: 'calcom.offer_booking',
  title: 'Offer a Cal.com booking in the chat (automation)',
  payload: z.object({
    ...runFields,
    text: z.string().min(1).max(1000),
    name: z.string().max(300).nullable(),
    email: z.string().max(320).nullable(),
  }),
  destination: appDestination(calcom),
  retry: { attempts: 5, backoff: { first: 5, max: 300 } },
  key: RUN_STEP_KEY,
  async run(p, ctx) {
    if (!p.session_id) return dead(NO_SESSION)
    const sessionId = p.session_id
    return await withCredential(ctx.db, p.store_id, calcom, async (_key, config) => {
      const settings = calcom.settings.safeParse(config)
      const page = settings.success ? settings.data.booking_url : undefined
      if (!page) return dead('Choose the event type to offer on the Cal.com card of the Integrations page')
      const url = bookingLink(page, {
        name: p.name,
        email: p.email,
        metadata: { parley_session: sessionId },
      })
      const earlier = !ctx.job.rerun
        ? null
        : (must(
            await ctx.db
              .from('messages')
              .select('id')
              .eq('store_id', p.store_id)
              .eq('session_id', sessionId)
              .eq('metadata->automation->>run_id', p.run_id)
              .eq('metadata->automation->>step', String(p.step))
              .maybeSingle(),
            'looking for the offer',
          ) as { id: number } | null)
      if (earlier) return done({ message_id: earlier.id, booking_url: url })
      const row = must(
        await ctx.db
          .from('messages')
          .insert({
            store_id: p.store_id,
            session_id: sessionId,
            sender: 'bot',
            author_id: null,
            content: p.text,
            metadata: {
              kind: 'booking_offer',
              booking_url: url,
              title: settings.success ? (settings.data.event_type_title ?? null) : null,
              ...automationMark(p),
            },
          })
          .select('id')
          .single(),
        'writing the offer',
      ) as { id: number }
      return done({ message_id: row.id, booking_url: url })
    })
  },
})
