// Posts an automation's message to Slack, as the store's Slack app (its OAuth token, refreshed as needed),
// with a button back to the conversation. With `thread`, the first post about a conversation in a channel
// starts a thread (app_threads) and later ones reply in it.
import { z } from 'zod'
import { RUN_STEP_KEY, runFields } from '../../../../automations/action-job.ts'
import { env } from '../../../../env.ts'
import { dead, defineJob, done } from '../../../../jobs/define.ts'
import { must } from '../../../../supabase.ts'
import { appBaseUrl } from '../../../base-url.ts'
import { withCredential } from '../../../connection.ts'
import { appDestination } from '../../../destination.ts'
import slack from '../../app.ts'
import { conversationBlocks, SlackClient } from '../../client.ts'

export default defineJob({
  topic: 'slack.post_message',
  title: 'Post to Slack (automation)',
  payload: z.object({
    ...runFields,
    text: z.string().min(1).max(3000),
    channel: z.string().nullable(),
    thread: z.boolean(),
  }),
  destination: appDestination(slack),
  retry: { attempts: 8, backoff: { first: 10, max: 1800 } },
  key: RUN_STEP_KEY,
  // One post at a time per conversation, so its first post's thread exists before the next one looks.
  lane: 'slack:{store_id}:{session_id}',
  async run(p, ctx) {
    return await withCredential(ctx.db, p.store_id, slack, async (token, config) => {
      const settings = slack.settings.safeParse(config)
      const channel = p.channel || (settings.success ? settings.data.default_channel : undefined)
      if (!channel) return dead('No Slack channel: choose one in the automation or on the Integrations page')
      const client = new SlackClient({ token, baseUrl: appBaseUrl(slack), breaker: ctx.breaker })
      const thread =
        p.thread && p.session_id
          ? (must(
              await ctx.db
                .from('app_threads')
                .select('thread')
                .eq('store_id', p.store_id)
                .eq('app', 'slack')
                .eq('session_id', p.session_id)
                .eq('place', channel)
                .maybeSingle(),
              'reading the Slack thread',
            )?.thread ?? undefined)
          : undefined
      const dashboard = env('PARLEY_DASHBOARD_URL')
      const url =
        dashboard && p.session_id
          ? `${dashboard}/stores/${p.store_id}/conversations?session=${p.session_id}`
          : null
      const posted = await client.postMessage({
        channel,
        text: p.text,
        blocks: conversationBlocks(p.text, url),
        thread_ts: thread,
        metadata: { event_type: 'parley_automation', event_payload: { run_id: p.run_id, step: p.step } },
      })
      if (p.thread && p.session_id && !thread)
        must(
          await ctx.db.from('app_threads').upsert(
            {
              store_id: p.store_id,
              app: 'slack',
              session_id: p.session_id,
              place: channel,
              thread: posted.ts,
            },
            { onConflict: 'store_id,app,session_id,place', ignoreDuplicates: true },
          ),
          'saving the Slack thread',
        )
      return done({ channel: posted.channel, ts: posted.ts })
    })
  },
})
