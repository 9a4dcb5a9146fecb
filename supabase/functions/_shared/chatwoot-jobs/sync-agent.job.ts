// An admin or agent of a store gets a seat in the store's Chatwoot account (their one Chatwoot user, found
// or made by e-mail), with the role their membership has when the job runs.
import { z } from 'zod'
import { platformClient } from '../chatwoot-connection.ts'
import { defineJob } from '../jobs/define.ts'
import { syncAgent } from './agents.ts'
import { chatwoot } from './destination.ts'

export default defineJob({
  topic: 'chatwoot.sync_agent',
  title: "Give a team member a seat in the store's Chatwoot",
  payload: z.object({
    store_id: z.uuid(),
    user_id: z.uuid(),
    email: z.string().nullish(),
    name: z.string().nullish(),
    role: z.string().nullish(),
  }),
  destination: chatwoot,
  coalesce: 'member:{store_id}:{user_id}',
  lane: 'chatwoot-member:{store_id}:{user_id}',
  after: 'chatwoot-account:{store_id}',
  run: (payload, ctx) => syncAgent(ctx.db, platformClient(ctx.breaker), payload),
})
