// Suspending a store suspends its Chatwoot account; reactivating it unsuspends it. The store's status when
// the job runs wins over the payload (jobs may run late), so one waiting job per store is enough.
import { z } from 'zod'
import { platformClient } from '../chatwoot-connection.ts'
import { must } from '../db.ts'
import { defineJob, done } from '../jobs/define.ts'
import { chatwoot } from './destination.ts'
import { findAccountId, readAccount, writeAccount } from './provision.ts'

export default defineJob({
  topic: 'chatwoot.suspend_account',
  title: "Suspend or reactivate the store's Chatwoot account",
  payload: z.object({ store_id: z.uuid(), suspended: z.boolean().optional() }),
  destination: chatwoot,
  coalesce: 'store:{store_id}',
  lane: 'chatwoot-account:{store_id}',
  async run(payload, ctx) {
    const storeId = payload.store_id
    const store = must(
      await ctx.db.from('stores').select('status').eq('id', storeId).maybeSingle(),
      'reading the store',
    )
    const suspended = store ? store.status === 'suspended' : payload.suspended !== false
    const platform = platformClient(ctx.breaker)
    const row = await readAccount(ctx.db, storeId)
    const accountId = row?.account_id ?? (await findAccountId(platform, storeId))
    if (!accountId) return done({ skipped: 'no Chatwoot account yet' })
    await platform.accounts.update(accountId, { status: suspended ? 'suspended' : 'active' })
    if (row && (row.status === 'active' || row.status === 'suspended')) {
      await writeAccount(ctx.db, storeId, { status: suspended ? 'suspended' : 'active' })
    }
    return done({ account_id: accountId, suspended })
  },
})
