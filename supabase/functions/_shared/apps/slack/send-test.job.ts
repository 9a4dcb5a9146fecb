// "Send a test" on the Integrations page: one line in the store's default Slack channel.
import { z } from 'zod'
import { dead, defineJob, done } from '../../jobs/define.ts'
import { appBaseUrl } from '../base-url.ts'
import { withCredential } from '../connection.ts'
import { appDestination } from '../destination.ts'
import slack from './app.ts'
import { SlackClient } from './client.ts'

export default defineJob({
  topic: 'slack.send_test',
  title: 'Send a test message to Slack',
  payload: z.object({ store_id: z.uuid() }),
  destination: appDestination(slack),
  retry: { attempts: 3, backoff: { first: 5, max: 60 } },
  coalesce: 'slack-test:{store_id}',
  async run(p, ctx) {
    return await withCredential(ctx.db, p.store_id, slack, async (token, config) => {
      const settings = slack.settings.safeParse(config)
      const channel = settings.success ? settings.data.default_channel : undefined
      if (!channel) return dead('Choose a Slack channel on the Integrations page first')
      const client = new SlackClient({ token, baseUrl: appBaseUrl(slack), breaker: ctx.breaker })
      const posted = await client.postMessage({
        channel,
        text: 'Parley is connected: automations can post here.',
      })
      return done({ channel: posted.channel, ts: posted.ts })
    })
  },
})
