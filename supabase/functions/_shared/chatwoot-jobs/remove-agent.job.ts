// A member who left the store loses their seat in its Chatwoot account (their Chatwoot user stays, for
// their other stores).
import { z } from 'zod'
import { platformClient } from '../chatwoot-connection.ts'
import { defineJob } from '../jobs/define.ts'
import { removeAgent } from './agents.ts'
import { chatwoot } from './destination.ts'

export default defineJob({
  topic: 'chatwoot.remove_agent',
  title: "Remove a former team member's seat in the store's Chatwoot",
  payload: z.object({ store_id: z.uuid(), user_id: z.uuid() }),
  destination: chatwoot,
  coalesce: 'member:{store_id}:{user_id}',
  lane: 'chatwoot-member:{store_id}:{user_id}',
  after: 'chatwoot-account:{store_id}',
  run: (payload, ctx) => removeAgent(ctx.db, platformClient(ctx.breaker), payload),
})
