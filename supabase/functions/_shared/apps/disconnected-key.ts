// What a disconnect job (an app's `disconnectJob`) runs with: the store's key, which disconnecting keeps only
// so this job can remove what Parley registered at the app, and forgets once it is done. A store that
// connected again meanwhile keeps its new key (the old remote id then answers 404 or is another webhook
// of the same account, which is the one to delete either way).
import type { Db } from '../db.ts'
import { done, type JobResult } from '../jobs/define.ts'
import { decryptSecret } from '../secrets.ts'
import { must } from '../supabase.ts'
import type { AppDefinition } from './define.ts'

export async function withDisconnectedKey(
  db: Db,
  storeId: string,
  app: Pick<AppDefinition, 'id'>,
  remove: (key: string) => Promise<JobResult>,
): Promise<JobResult> {
  const row = must(
    await db
      .from('integrations')
      .select('credentials_encrypted')
      .eq('store_id', storeId)
      .eq('provider', app.id)
      .maybeSingle(),
    'reading the connection',
  ) as { credentials_encrypted: string | null } | null
  if (!row?.credentials_encrypted) return done({ skipped: 'no key left to remove it with' })
  const result = await remove(await decryptSecret(row.credentials_encrypted))
  if (result.outcome === 'done')
    must(
      await db
        .from('integrations')
        .update({ credentials_encrypted: null })
        .eq('store_id', storeId)
        .eq('provider', app.id)
        .eq('status', 'disconnected'),
      'forgetting the key',
    )
  return result
}
