import { Hono } from 'hono'
import { Blobs } from './blobs.ts'
import { bucketRoutes } from './buckets.ts'
import type { StorageContext } from './context.ts'
import { objectRoutes } from './objects.ts'

/** `/storage/v1`: the subset of Supabase Storage that storage-js uses (see README.md here). */
export function storageRoutes(ctx: Omit<StorageContext, 'blobs'> & { dir: string }): Hono {
  const s: StorageContext = { config: ctx.config, pool: ctx.pool, blobs: new Blobs(ctx.dir) }
  const app = new Hono()
  app.route('/bucket', bucketRoutes(s))
  app.route('/object', objectRoutes(s))
  app.get('/version', (c) => c.text('devstack'))
  return app
}
