// A deleted store's Chatwoot account goes, with the store's own administrator user (its agents may serve
// other stores: they stay). The job outlives the store (store_id is null on the outbox row).
import { z } from 'zod'
import { platformClient } from '../chatwoot-connection.ts'
import { defineJob, done } from '../jobs/define.ts'
import { chatwoot } from './destination.ts'
import { ADMIN_EMAIL_DOMAIN, findAccountId } from './provision.ts'

export default defineJob({
  topic: 'chatwoot.delete_account',
  title: "Delete the store's Chatwoot account",
  payload: z.object({ store_id: z.uuid(), slug: z.string().optional() }),
  destination: chatwoot,
  key: 'store:{store_id}',
  lane: 'chatwoot-account:{store_id}',
  async run(payload, ctx) {
    const platform = platformClient(ctx.breaker)
    const accountId = await findAccountId(platform, payload.store_id)
    if (!accountId) return done({ deleted: false })
    const members = await platform.accountUsers.list(accountId)
    await platform.accounts.delete(accountId)
    for (const m of members) {
      const user = await platform.users.get(m.user_id).catch(() => null)
      if (user?.email === `store-${payload.store_id}@${ADMIN_EMAIL_DOMAIN}`)
        await platform.users.delete(user.id)
    }
    return done({ deleted: true, account_id: accountId })
  },
})
