// A store's Chatwoot account as the jobs and the webhook handler need it: ids, decrypted secrets and an
// Application API client acting as the store's Chatwoot administrator.
import type { CircuitBreaker } from './breaker.ts'
import { AccountClient } from './chatwoot/index.ts'
import { chatwootUrl, jobTransport } from './chatwoot-connection.ts'
import type { Tables } from './database.types.ts'
import { type Db, must } from './db.ts'
import { decryptSecret } from './secrets.ts'

export type StoreAccountRow = Pick<
  Tables<'chatwoot_accounts'>,
  | 'store_id'
  | 'account_id'
  | 'api_inbox_id'
  | 'status'
  | 'admin_access_token'
  | 'webhook_secret'
  | 'api_inbox_secret'
>

export async function storeAccountRow(db: Db, storeId: string): Promise<StoreAccountRow | null> {
  return must(
    await db
      .from('chatwoot_accounts')
      .select(
        'store_id, account_id, api_inbox_id, status, admin_access_token, webhook_secret, api_inbox_secret',
      )
      .eq('store_id', storeId)
      .maybeSingle(),
    'reading the Chatwoot account',
  )
}

/** The secrets a delivery for this store may be signed with (account webhook, API inbox webhook_url). */
export async function webhookSecrets(
  db: Db,
  storeId: string,
): Promise<{ accountId: number; secrets: string[] } | null> {
  const row = await storeAccountRow(db, storeId)
  if (!row?.account_id) return null
  const secrets: string[] = []
  for (const value of [row.webhook_secret, row.api_inbox_secret]) {
    if (value) secrets.push(await decryptSecret(value))
  }
  return secrets.length ? { accountId: row.account_id, secrets } : null
}

/** The administrator's Application API client for a provisioned account row. */
export async function accountClient(
  row: StoreAccountRow & { account_id: number; admin_access_token: string },
  breaker: CircuitBreaker,
): Promise<AccountClient> {
  return new AccountClient({
    baseUrl: chatwootUrl(),
    accountId: row.account_id,
    userToken: await decryptSecret(row.admin_access_token),
    ...jobTransport(breaker),
  })
}
