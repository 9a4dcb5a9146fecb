// A new store gets its Chatwoot account (provision.ts: account, administrator, inboxes, webhook, custom
// attributes, the Parley dashboard app). Every job that works inside the account comes after this lane.
import { z } from 'zod'
import { platformClient } from '../chatwoot-connection.ts'
import { defineJob, done } from '../jobs/define.ts'
import { chatwoot } from './destination.ts'
import { provisionAccount } from './provision.ts'

export default defineJob({
  topic: 'chatwoot.provision_account',
  title: "Set up the store's Chatwoot account",
  payload: z.object({ store_id: z.uuid(), name: z.string().optional(), slug: z.string().optional() }),
  destination: chatwoot,
  key: 'store:{store_id}',
  lane: 'chatwoot-account:{store_id}',
  async run(payload, ctx) {
    const row = await provisionAccount(ctx, platformClient(ctx.breaker), payload)
    return done({ status: row.status, account_id: row.account_id })
  },
})
