import { Hono } from 'hono'
import { z } from 'zod'
import { asCaller } from './caller.ts'
import { callerOf, checkBucketName, type StorageContext } from './context.ts'
import { errors, renderError } from './errors.ts'
import { emptyBucket } from './objects.ts'

const COLUMNS =
  'id, name, owner, owner_id, public, file_size_limit::float8 as file_size_limit, allowed_mime_types, created_at, updated_at'

/** `1048576`, `'1048576'` or `'1MB'`/`'50MiB'`/`'2 GB'`, as storage-js lets callers write a bucket's limit. */
const fileSize = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((value, ctx) => {
    if (value === null || value === undefined || value === '') return null
    if (typeof value === 'number') return value
    const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|kib|mib|gib)?\s*$/i.exec(value)
    if (!match) {
      ctx.addIssue({ code: 'custom', message: `file_size_limit is not a size: ${value}` })
      return z.NEVER
    }
    const unit = (match[2] ?? 'b').toLowerCase()
    const power = { b: 0, kb: 1, kib: 1, mb: 2, mib: 2, gb: 3, gib: 3 }[unit] ?? 0
    return Math.round(Number(match[1]) * 1024 ** power)
  })

const bucketBody = z.object({
  id: z.string().optional(),
  name: z.string(),
  public: z.boolean().optional(),
  file_size_limit: fileSize,
  allowed_mime_types: z.array(z.string()).nullish(),
})

async function body<T>(schema: z.ZodType<T>, request: Request): Promise<T> {
  const parsed = schema.safeParse(await request.json().catch(() => ({})))
  if (!parsed.success) throw errors.invalidRequest(z.prettifyError(parsed.error))
  return parsed.data
}

/** `/bucket` routes. Every statement runs as the caller: policies on storage.buckets decide (by default only the service role). */
export function bucketRoutes(s: StorageContext): Hono {
  const app = new Hono()
  app.onError((error, c) => renderError(c, error))

  app.get('/', async (c) => {
    const caller = await callerOf(s, c)
    const limit = Math.min(Number(c.req.query('limit') ?? 1000) || 1000, 1000)
    const offset = Number(c.req.query('offset') ?? 0) || 0
    const column = ['id', 'name', 'created_at', 'updated_at'].includes(c.req.query('sortColumn') ?? '')
      ? c.req.query('sortColumn')
      : 'name'
    const order = c.req.query('sortOrder') === 'desc' ? 'desc' : 'asc'
    const search = `%${(c.req.query('search') ?? '').replace(/[\\%_]/g, '\\$&')}%`
    const { rows } = await asCaller(s.pool, caller, 'storage.bucket.list', (db) =>
      db.query(
        `select ${COLUMNS} from storage.buckets where name ilike $1 order by ${column} ${order} limit $2 offset $3`,
        [search, limit, offset],
      ),
    )
    return c.json(rows)
  })

  app.get('/:id', async (c) => {
    const caller = await callerOf(s, c)
    const { rows } = await asCaller(s.pool, caller, 'storage.bucket.get', (db) =>
      db.query(`select ${COLUMNS} from storage.buckets where id = $1`, [c.req.param('id')]),
    )
    if (!rows[0]) throw errors.noSuchBucket()
    return c.json(rows[0])
  })

  app.post('/', async (c) => {
    const caller = await callerOf(s, c)
    const input = await body(bucketBody, c.req.raw)
    const id = checkBucketName(input.id ?? input.name)
    checkBucketName(input.name)
    await asCaller(s.pool, caller, 'storage.bucket.create', (db) =>
      db.query(
        `insert into storage.buckets (id, name, owner, owner_id, public, file_size_limit, allowed_mime_types)
         values ($1, $2, $3::uuid, $3::text, $4, $5, $6)`,
        [
          id,
          input.name,
          caller.owner,
          input.public ?? false,
          input.file_size_limit,
          input.allowed_mime_types ?? null,
        ],
      ),
    )
    return c.json({ name: id })
  })

  app.put('/:id', async (c) => {
    const caller = await callerOf(s, c)
    const input = await body(bucketBody.partial({ name: true }), c.req.raw)
    const { rowCount } = await asCaller(s.pool, caller, 'storage.bucket.update', (db) =>
      db.query(
        `update storage.buckets set public = coalesce($2, public), file_size_limit = $3,
           allowed_mime_types = $4, updated_at = now()
         where id = $1`,
        [c.req.param('id'), input.public ?? null, input.file_size_limit, input.allowed_mime_types ?? null],
      ),
    )
    if (!rowCount) throw errors.noSuchBucket()
    return c.json({ message: 'Successfully updated' })
  })

  app.post('/:id/empty', async (c) => {
    const caller = await callerOf(s, c)
    const id = c.req.param('id')
    const found = await asCaller(s.pool, caller, 'storage.bucket.get', (db) =>
      db.query('select 1 from storage.buckets where id = $1', [id]),
    )
    if (!found.rowCount) throw errors.noSuchBucket()
    await emptyBucket(s, caller, id)
    return c.json({ message: 'Successfully emptied' })
  })

  app.delete('/:id', async (c) => {
    const caller = await callerOf(s, c)
    const id = c.req.param('id')
    const { rows } = await s.pool.query('select 1 from storage.objects where bucket_id = $1 limit 1', [id])
    if (rows.length) throw errors.bucketNotEmpty()
    const { rowCount } = await asCaller(s.pool, caller, 'storage.bucket.delete', (db) =>
      db.query('delete from storage.buckets where id = $1', [id]),
    )
    if (!rowCount) throw errors.noSuchBucket()
    return c.json({ message: 'Successfully deleted' })
  })
  return app
}
