// A store's Chatwoot account as the handoff, sync and webhook functions need it: ids, decrypted secrets
// and an Application API client, for the contact sync, handoff and webhook code.

import type { SupabaseClient as Db } from '@supabase/supabase-js'
import { AccountClient } from './chatwoot/index.ts'
import { chatwootUrl, jobTransport } from './chatwoot-connection.ts'
import { decryptSecret } from './secrets.ts'

export interface StoreAccount {
  storeId: string
  accountId: number
  apiInboxId: number | null
  status: string
}

interface AccountRow {
  store_id: string
  account_id: number | null
  api_inbox_id: number | null
  status: string
  admin_access_token: string | null
  webhook_secret: string | null
  api_inbox_secret: string | null
}

async function accountRow(db: Db, storeId: string): Promise<AccountRow | null> {
  const { data, error } = await db
    .from('chatwoot_accounts')
    .select(
      'store_id, account_id, api_inbox_id, status, admin_access_token, webhook_secret, api_inbox_secret',
    )
    .eq('store_id', storeId)
    .maybeSingle()
  if (error) throw new Error(`reading the Chatwoot account: ${error.message}`)
  return data as AccountRow | null
}

/** The secrets a delivery for this store may be signed with (account webhook, API inbox webhook_url). */
export async function webhookSecrets(
  db: Db,
  storeId: string,
): Promise<{ accountId: number; secrets: string[] } | null> {
  const row = await accountRow(db, storeId)
  if (!row?.account_id) return null
  const secrets: string[] = []
  for (const value of [row.webhook_secret, row.api_inbox_secret]) {
    if (value) secrets.push(await decryptSecret(value))
  }
  return secrets.length ? { accountId: row.account_id, secrets } : null
}

/** The store's account client, or null while it is not provisioned (or suspended/deleted). */
export async function accountClient(
  db: Db,
  storeId: string,
): Promise<{ account: StoreAccount; client: AccountClient } | null> {
  const row = await accountRow(db, storeId)
  if (!row?.account_id || !row.admin_access_token || row.status !== 'active') return null
  // Short waits inside the job, the breaker kept in Postgres; long waits are the outbox's.
  const client = new AccountClient({
    baseUrl: chatwootUrl(),
    accountId: row.account_id,
    userToken: await decryptSecret(row.admin_access_token),
    ...jobTransport(db),
  })
  return {
    account: { storeId, accountId: row.account_id, apiInboxId: row.api_inbox_id, status: row.status },
    client,
  }
}
