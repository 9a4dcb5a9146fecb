// A store's daily retention run: the files of messages older than the store's retention go through the
// Storage API first, then apply_retention deletes the rows, writes the audit entry and enqueues tomorrow's
// run. Keyed by store and day, so a day runs once; a store that turned retention off stops the chain.
import { z } from 'zod'
import { must } from '../db.ts'
import { defineJob, done } from '../jobs/define.ts'
import { parleyStorage, removeFiles } from './storage.ts'

const plan = z.object({ cutoff: z.string().nullable(), paths: z.array(z.string()) })

export default defineJob({
  topic: 'privacy.apply_retention',
  title: "Delete messages and files older than the store's retention",
  payload: z.object({ store_id: z.uuid(), day: z.iso.date() }),
  destination: parleyStorage,
  retry: { attempts: 6, backoff: { first: 60, max: 3600 } },
  key: 'retention:{store_id}:{day}',
  async run(p, { db }) {
    const { cutoff, paths } = plan.parse(
      must(await db.rpc('retention_files', { p_store_id: p.store_id }), 'reading what retention removes'),
    )
    if (!cutoff) return done({ skipped: 'the store keeps everything' })
    const files = await removeFiles(db, paths)
    const result = must(
      await db.rpc('apply_retention', { p_store_id: p.store_id, p_cutoff: cutoff, p_files_removed: files }),
      'deleting old messages',
    )
    return done({ result })
  },
})
