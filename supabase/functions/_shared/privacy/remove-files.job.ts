// The files of an erased contact's conversations, deleted through the Storage API (their rows are already
// gone; the payload names the folders `<store>/<session>/`, which hold the shopper's and agents' files).
import { z } from 'zod'
import { dead, defineJob, done } from '../jobs/define.ts'
import { listFolder, parleyStorage, removeFiles } from './storage.ts'

export default defineJob({
  topic: 'privacy.remove_files',
  title: "Delete an erased contact's files",
  payload: z.object({ store_id: z.uuid(), ref: z.string(), prefixes: z.array(z.string()) }),
  destination: parleyStorage,
  retry: { attempts: 8, backoff: { first: 30, max: 3600 } },
  key: 'remove-files:{ref}',
  async run(p, { db }) {
    // Scoped by store: a folder outside the job's own store is never touched.
    if (p.prefixes.some((prefix) => !prefix.startsWith(`${p.store_id}/`) || prefix.includes('..')))
      return dead('A folder outside the store was named')
    let removed = 0
    for (const prefix of p.prefixes) removed += await removeFiles(db, await listFolder(db, prefix))
    return done({ removed })
  },
})
