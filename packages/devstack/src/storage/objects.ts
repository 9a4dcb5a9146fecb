import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import { asCaller } from './caller.ts'
import { callerOf, checkBucketName, findBucket, objectPath, type StorageContext } from './context.ts'
import { errors, renderError } from './errors.ts'
import { OBJECT_COLUMNS, type ObjectRow, objectInfo, serveObject } from './serve.ts'
import { signUrlToken, verifyUrlToken } from './tokens.ts'
import { checkUpload, readUpload, sizeLimit, testWrite, writeObject } from './upload.ts'

// Hosted Storage signs upload URLs for two hours (storage-js docs).
const UPLOAD_URL_SECONDS = 2 * 60 * 60

const signBody = z.object({ expiresIn: z.coerce.number().int().min(1) })
const signManyBody = signBody.extend({ paths: z.array(z.string()).min(1).max(1000) })
const removeBody = z.object({ prefixes: z.array(z.string()).min(1).max(1000) })
const listBody = z.object({
  prefix: z.string().default(''),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  search: z.string().default(''),
  sortBy: z
    .object({
      column: z.enum(['name', 'updated_at', 'created_at', 'last_accessed_at']).default('name'),
      order: z.enum(['asc', 'desc']).default('asc'),
    })
    .default({ column: 'name', order: 'asc' }),
})

async function jsonBody<T>(schema: z.ZodType<T>, request: Request): Promise<T> {
  const parsed = schema.safeParse(await request.json().catch(() => undefined))
  if (!parsed.success) throw errors.invalidRequest(z.prettifyError(parsed.error))
  return parsed.data
}

/** `/object/*` routes as storage-js calls them (the table in src/storage/README.md). */
export function objectRoutes(s: StorageContext): Hono {
  const app = new Hono()
  app.onError((error, c) => renderError(c, error))
  // The body is counted as it streams: a chunked upload cannot slip past the server's limit either.
  const limitUpload = bodyLimit({
    maxSize: s.config.storage.fileSizeLimit + 64 * 1024,
    onError: (c) => renderError(c, errors.entityTooLarge()),
  })

  const selectAsCaller = async (
    c: Parameters<typeof callerOf>[1],
    operation: string,
    bucket: string,
    name: string,
  ): Promise<ObjectRow> => {
    const caller = await callerOf(s, c)
    await findBucket(s, bucket)
    const rows = await asCaller(s.pool, caller, operation, (db) =>
      db.query<ObjectRow>(
        `select ${OBJECT_COLUMNS} from storage.objects where bucket_id = $1 and name = $2`,
        [bucket, name],
      ),
    )
    if (!rows.rows[0]) throw errors.noSuchKey()
    return rows.rows[0]
  }

  // --- signed upload URLs: signing tests INSERT as the caller; the upload itself needs only the token
  app.post('/upload/sign/*', async (c) => {
    const { bucket, name } = objectPath(c, '/object/upload/sign/')
    const caller = await callerOf(s, c)
    await findBucket(s, bucket)
    const upsert = c.req.header('x-upsert') === 'true'
    await testWrite(s, caller, 'storage.object.sign_upload_url', { bucket, name, upsert })
    const url = `${bucket}/${name}`
    const token = await signUrlToken(
      { url, owner: caller.owner, upsert, scope: 'upload' },
      UPLOAD_URL_SECONDS,
      s.config.jwtSecret,
    )
    return c.json({ url: `/object/upload/sign/${url}?token=${token}`, token })
  })
  app.put('/upload/sign/*', limitUpload, async (c) => {
    const { bucket, name } = objectPath(c, '/object/upload/sign/')
    const token = await verifyUrlToken(
      c.req.query('token'),
      'upload',
      `${bucket}/${name}`,
      s.config.jwtSecret,
    )
    const row = await findBucket(s, bucket)
    const upload = await readUpload(c, sizeLimit(s, row))
    checkUpload(s, row, upload)
    const { id } = await writeObject(
      s,
      { bucket, name, upsert: token.upsert === true, owner: token.owner ?? null },
      upload,
    )
    return c.json({ Id: id, Key: `${bucket}/${name}` })
  })

  // --- signed download URLs: signing needs SELECT; fetching needs only the token
  app.post('/sign/*', async (c) => {
    const rest = new URL(c.req.url).pathname.split('/object/sign/')[1] ?? ''
    if (!rest.includes('/')) {
      const bucket = checkBucketName(decodeURIComponent(rest))
      const { expiresIn, paths } = await jsonBody(signManyBody, c.req.raw)
      const caller = await callerOf(s, c)
      await findBucket(s, bucket)
      const { rows } = await asCaller(s.pool, caller, 'storage.object.sign', (db) =>
        db.query<{ name: string }>(
          'select name from storage.objects where bucket_id = $1 and name = any($2)',
          [bucket, paths],
        ),
      )
      const found = new Set(rows.map((r) => r.name))
      const signed = await Promise.all(
        paths.map(async (path) => {
          if (!found.has(path)) {
            return {
              error: 'Either the object does not exist or you do not have access to it',
              path,
              signedURL: null,
            }
          }
          const url = `${bucket}/${path}`
          const token = await signUrlToken({ url, scope: 'download' }, expiresIn, s.config.jwtSecret)
          return { error: null, path, signedURL: `/object/sign/${url}?token=${token}` }
        }),
      )
      return c.json(signed)
    }
    const { bucket, name } = objectPath(c, '/object/sign/')
    const { expiresIn } = await jsonBody(signBody, c.req.raw)
    await selectAsCaller(c, 'storage.object.sign', bucket, name)
    const url = `${bucket}/${name}`
    const token = await signUrlToken({ url, scope: 'download' }, expiresIn, s.config.jwtSecret)
    return c.json({ signedURL: `/object/sign/${url}?token=${token}` })
  })
  app.get('/sign/*', async (c) => {
    const { bucket, name } = objectPath(c, '/object/sign/')
    const token = await verifyUrlToken(
      c.req.query('token'),
      'download',
      `${bucket}/${name}`,
      s.config.jwtSecret,
    )
    const { rows } = await s.pool.query<ObjectRow>(
      `select ${OBJECT_COLUMNS} from storage.objects where bucket_id = $1 and name = $2`,
      [bucket, name],
    )
    if (!rows[0]) throw errors.noSuchKey()
    return serveObject(s, c, rows[0], { expires: token.exp })
  })

  // --- info and list (SELECT)
  app.get('/info/*', async (c) => {
    const prefix = c.req.path.includes('/object/info/authenticated/')
      ? '/object/info/authenticated/'
      : '/object/info/'
    const { bucket, name } = objectPath(c, prefix)
    return c.json(objectInfo(await selectAsCaller(c, 'storage.object.info', bucket, name)))
  })
  app.post('/list/:bucket', async (c) => {
    const bucket = checkBucketName(c.req.param('bucket'))
    const options = await jsonBody(listBody, c.req.raw)
    const caller = await callerOf(s, c)
    await findBucket(s, bucket)
    const prefix = options.prefix && !options.prefix.endsWith('/') ? `${options.prefix}/` : options.prefix
    const like = `${(prefix + options.search).replace(/[\\%_]/g, '\\$&')}%`
    const { rows } = await asCaller(s.pool, caller, 'storage.object.list', (db) =>
      db.query<Omit<ObjectRow, 'version' | 'user_metadata' | 'bucket_id'> & { last_accessed_at: Date }>(
        `select id, name, metadata, created_at, updated_at, last_accessed_at from storage.objects
         where bucket_id = $1 and name ilike $2`,
        [bucket, like],
      ),
    )
    // One level below the prefix: files as they are, deeper names folded into their folder (id null).
    const entries = new Map<string, Record<string, unknown>>()
    for (const row of rows) {
      if (!row.name.startsWith(prefix)) continue
      const rest = row.name.slice(prefix.length)
      const folder = rest.includes('/') ? rest.slice(0, rest.indexOf('/')) : undefined
      if (folder !== undefined) {
        if (!entries.has(`${folder}/`)) {
          entries.set(`${folder}/`, {
            name: folder,
            id: null,
            updated_at: null,
            created_at: null,
            last_accessed_at: null,
            metadata: null,
          })
        }
      } else {
        entries.set(rest, { ...row, name: rest })
      }
    }
    const { column, order } = options.sortBy
    const sorted = [...entries.values()].sort((a, b) => {
      const key = (e: Record<string, unknown>) => {
        const v = e[column]
        return v instanceof Date ? v.toISOString() : String(v ?? '')
      }
      const byColumn = key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0
      return (order === 'desc' ? -byColumn : byColumn) || String(a.name).localeCompare(String(b.name))
    })
    return c.json(sorted.slice(options.offset, options.offset + options.limit))
  })

  // --- public and authenticated downloads
  app.get('/public/*', async (c) => {
    const { bucket, name } = objectPath(c, '/object/public/')
    const row = await findBucket(s, bucket)
    if (!row.public) throw errors.noSuchBucket()
    const { rows } = await s.pool.query<ObjectRow>(
      `select ${OBJECT_COLUMNS} from storage.objects where bucket_id = $1 and name = $2`,
      [bucket, name],
    )
    if (!rows[0]) throw errors.noSuchKey()
    return serveObject(s, c, rows[0])
  })
  app.get('/*', async (c) => {
    const prefix = c.req.path.includes('/object/authenticated/') ? '/object/authenticated/' : '/object/'
    const { bucket, name } = objectPath(c, prefix)
    return serveObject(s, c, await selectAsCaller(c, 'storage.object.get', bucket, name))
  })

  // --- upload, update, remove
  const upload = (upsertAlways: boolean) => async (c: Parameters<typeof callerOf>[1]) => {
    const { bucket, name } = objectPath(c, '/object/')
    const caller = await callerOf(s, c)
    const row = await findBucket(s, bucket)
    const upsert = upsertAlways || c.req.header('x-upsert') === 'true'
    const operation = upsertAlways ? 'storage.object.update' : 'storage.object.upload'
    // Refused before a byte is read: a declared length past the limit, then the caller's permission.
    if (Number(c.req.header('content-length') ?? 0) > sizeLimit(s, row) + 64 * 1024)
      throw errors.entityTooLarge()
    await testWrite(s, caller, operation, { bucket, name, upsert })
    const body = await readUpload(c, sizeLimit(s, row))
    checkUpload(s, row, body)
    const { id } = await writeObject(s, { bucket, name, upsert, owner: caller.owner }, body)
    return c.json({ Id: id, Key: `${bucket}/${name}` })
  }
  app.post('/:bucket/*', limitUpload, upload(false))
  app.put('/:bucket/*', limitUpload, upload(true))
  app.delete('/:bucket', async (c) => {
    const bucket = checkBucketName(c.req.param('bucket'))
    const { prefixes } = await jsonBody(removeBody, c.req.raw)
    const caller = await callerOf(s, c)
    await findBucket(s, bucket)
    const { rows } = await asCaller(s.pool, caller, 'storage.object.delete', (db) =>
      db.query<ObjectRow & { last_accessed_at: Date }>(
        `delete from storage.objects where bucket_id = $1 and name = any($2)
         returning ${OBJECT_COLUMNS}, last_accessed_at`,
        [bucket, prefixes],
      ),
    )
    await s.blobs.remove(rows.map((r) => r.version))
    return c.json(rows.map(({ version: _version, ...row }) => row))
  })
  return app
}

/** Removes every object of a bucket as the caller (emptying a bucket), and their bytes. */
export async function emptyBucket(
  s: StorageContext,
  caller: Awaited<ReturnType<typeof callerOf>>,
  bucket: string,
): Promise<void> {
  const { rows } = await asCaller(s.pool, caller, 'storage.bucket.empty', (db) =>
    db.query<{ version: string | null }>(
      'delete from storage.objects where bucket_id = $1 returning version',
      [bucket],
    ),
  )
  await s.blobs.remove(rows.map((r) => r.version))
}
