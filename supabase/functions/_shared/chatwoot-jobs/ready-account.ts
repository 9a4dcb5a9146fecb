// The store's provisioned Chatwoot account, for jobs that work inside it (contacts, handoffs). Jobs come
// after the store's provisioning (their `after` lane), so "not ready" is rare: a store deleted meanwhile
// (nothing left to do), a suspended one (wait for it to come back) or a failed provisioning (dead).
import type { AccountClient } from '../chatwoot/index.ts'
import { accountClient, storeAccountRow } from '../chatwoot-account.ts'
import { dead, done, type JobContext, JobStop, waitFor } from '../jobs/define.ts'

export interface ReadyAccount {
  storeId: string
  accountId: number
  apiInboxId: number
  client: AccountClient
}

export async function readyAccount(ctx: JobContext, storeId: string): Promise<ReadyAccount> {
  const row = await storeAccountRow(ctx.db, storeId)
  if (!row || row.status === 'deleted') throw new JobStop(done({ skipped: 'the store is gone' }))
  if (row.status === 'suspended')
    throw new JobStop(waitFor("The store's Chatwoot account is suspended; waiting until it is active", 600))
  if (row.status === 'failed')
    throw new JobStop(dead("The store's Chatwoot account could not be set up; retry setting it up first"))
  if (row.status !== 'active' || !row.account_id || !row.admin_access_token)
    throw new JobStop(waitFor("The store's Chatwoot account is still being set up", 30))
  if (!row.api_inbox_id) throw new JobStop(dead("The store's Chatwoot account has no inbox for handoffs"))
  return {
    storeId,
    accountId: row.account_id,
    apiInboxId: row.api_inbox_id,
    client: await accountClient(
      { ...row, account_id: row.account_id, admin_access_token: row.admin_access_token },
      ctx.breaker,
    ),
  }
}
