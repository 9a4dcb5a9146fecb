// "Send a test" on the Integrations page: reads the store's event types with its key, and checks that the
// one offered in the chat still exists.
import { z } from 'zod'
import { dead, defineJob, done } from '../../jobs/define.ts'
import { appBaseUrl } from '../base-url.ts'
import { withCredential } from '../connection.ts'
import { appDestination } from '../destination.ts'
import calcom from './app.ts'
import { CalcomClient } from './client.ts'

export default defineJob({
  topic: 'calcom.send_test',
  title: 'Check the Cal.com connection',
  payload: z.object({ store_id: z.uuid() }),
  destination: appDestination(calcom),
  retry: { attempts: 3, backoff: { first: 5, max: 60 } },
  coalesce: 'calcom-test:{store_id}',
  async run(p, ctx) {
    return await withCredential(ctx.db, p.store_id, calcom, async (apiKey, config) => {
      const settings = calcom.settings.safeParse(config)
      const chosen = settings.success ? settings.data.event_type_id : undefined
      const client = new CalcomClient({ apiKey, baseUrl: appBaseUrl(calcom), breaker: ctx.breaker })
      const eventTypes = await client.listEventTypes()
      if (!chosen) return dead('Choose the event type to offer on the Integrations page first')
      const offered = eventTypes.find((e) => e.id === chosen)
      if (!offered) return dead('The chosen event type no longer exists in Cal.com: choose another one')
      return done({ event_types: eventTypes.length, offered: offered.title })
    })
  },
})
