// Deleting shoppers' files goes through the Storage API (never SQL on storage.objects), in batches, as the
// service role. A file that is already gone counts as removed, so a retried job finishes where it stopped.
import type { Db } from '../db.ts'
import { defineDestination } from '../jobs/define.ts'

export const ATTACHMENTS_BUCKET = 'attachments'
const BATCH = 100

/** Parley's own Storage: failures retry with the job's backoff; there is no third party to protect. */
export const parleyStorage = defineDestination({
  name: 'storage',
  label: 'File storage',
  breaker: () => ({ failureThreshold: 1_000_000, cooldownMs: 1000 }),
  classify: () => undefined,
})

/** Removes these object paths; how many Storage says it removed. */
export async function removeFiles(db: Db, paths: string[]): Promise<number> {
  let removed = 0
  for (let i = 0; i < paths.length; i += BATCH) {
    const { data, error } = await db.storage.from(ATTACHMENTS_BUCKET).remove(paths.slice(i, i + BATCH))
    if (error) throw new Error(`Storage refused to delete files: ${error.message}`)
    removed += data?.length ?? 0
  }
  return removed
}

/** Every object path under a folder prefix such as `<store>/<session>/` (one level: that is how keys go). */
export async function listFolder(db: Db, prefix: string): Promise<string[]> {
  const folder = prefix.replace(/\/+$/, '')
  const paths: string[] = []
  for (let offset = 0; ; offset += BATCH) {
    const { data, error } = await db.storage.from(ATTACHMENTS_BUCKET).list(folder, { limit: BATCH, offset })
    if (error) throw new Error(`Storage refused to list files: ${error.message}`)
    for (const entry of data ?? []) if (entry.id) paths.push(`${folder}/${entry.name}`)
    if (!data || data.length < BATCH) return paths
  }
}
