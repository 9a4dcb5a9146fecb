import { createHash, randomUUID } from 'node:crypto'
import type { Context } from 'hono'
import type { Caller } from './caller.ts'
import { asCaller, asServer } from './caller.ts'
import type { BucketRow, StorageContext } from './context.ts'
import { errors } from './errors.ts'

/** An upload's bytes and what the client said about them. */
export interface Upload {
  bytes: Uint8Array
  contentType: string
  cacheControl: string
  userMetadata: Record<string, unknown> | null
}

/**
 * Reads an upload as storage-js sends it: a raw body with `content-type`, `cache-control` and `x-metadata`
 * (base64 JSON), or multipart form data with one file part and `cacheControl`/`metadata`/`contentType` fields.
 * A declared length above the limit is refused before a byte is read.
 */
export async function readUpload(c: Context, limit: number): Promise<Upload> {
  if (Number(c.req.header('content-length') ?? 0) > limit && !isMultipart(c)) throw errors.entityTooLarge()
  if (isMultipart(c)) {
    const form = await c.req.raw.formData().catch(() => {
      throw errors.invalidRequest('The multipart body could not be read')
    })
    const file = [...form.values()].find((v) => typeof v !== 'string') as Blob | undefined
    if (!file) throw errors.invalidRequest('No file was found in the multipart body')
    const field = (name: string) => {
      const value = form.get(name)
      return typeof value === 'string' ? value : undefined
    }
    return {
      bytes: new Uint8Array(await file.arrayBuffer()),
      contentType: field('contentType') || file.type || 'application/octet-stream',
      cacheControl: `max-age=${field('cacheControl') ?? '3600'}`,
      userMetadata: parseMetadata(field('metadata')),
    }
  }
  const encoded = c.req.header('x-metadata')
  return {
    bytes: new Uint8Array(await c.req.arrayBuffer()),
    contentType: c.req.header('content-type') || 'application/octet-stream',
    cacheControl: c.req.header('cache-control') || 'no-cache',
    userMetadata: parseMetadata(
      encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString(),
    ),
  }
}

const isMultipart = (c: Context) => (c.req.header('content-type') ?? '').startsWith('multipart/form-data')

function parseMetadata(json: string | undefined): Record<string, unknown> | null {
  if (json === undefined) return null
  try {
    const value: unknown = JSON.parse(json)
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>
  } catch {}
  throw errors.invalidRequest('metadata must be a JSON object')
}

/** The bucket's own limit, under the server's. */
export function sizeLimit(s: StorageContext, bucket: BucketRow): number {
  const own = bucket.file_size_limit === null ? Number.POSITIVE_INFINITY : Number(bucket.file_size_limit)
  return Math.min(own, s.config.storage.fileSizeLimit)
}

/** Checks size and the bucket's allowed types (Storage checks the declared type only; `image/*` wildcards). */
export function checkUpload(s: StorageContext, bucket: BucketRow, upload: Upload): void {
  if (upload.bytes.byteLength > sizeLimit(s, bucket)) throw errors.entityTooLarge()
  const allowed = bucket.allowed_mime_types
  if (!allowed?.length) return
  const type = upload.contentType.split(';')[0]?.trim().toLowerCase() ?? ''
  const ok = allowed.some((a) => {
    const pattern = a.toLowerCase()
    return pattern.endsWith('/*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern
  })
  if (!ok) throw errors.invalidMimeType(upload.contentType)
}

const INSERT = `
  insert into storage.objects (bucket_id, name, owner, owner_id, metadata, user_metadata, version)
  values ($1, $2, $3::uuid, $3::text, $4, $5, $6)`
const UPSERT = `${INSERT}
  on conflict (bucket_id, name) do update set owner = excluded.owner, owner_id = excluded.owner_id,
    metadata = excluded.metadata, user_metadata = excluded.user_metadata, version = excluded.version`

/**
 * The permission test Storage runs before touching bytes: the row's INSERT (or upsert) as the caller, rolled
 * back. RLS refusing it, or a row already there without upsert, fails the request here.
 */
export async function testWrite(
  s: StorageContext,
  caller: Caller,
  operation: string,
  target: { bucket: string; name: string; upsert: boolean },
): Promise<void> {
  await asCaller(
    s.pool,
    caller,
    operation,
    (db) =>
      db.query(target.upsert ? UPSERT : INSERT, [
        target.bucket,
        target.name,
        caller.owner,
        {},
        null,
        randomUUID(),
      ]),
    { rollback: true },
  )
}

/**
 * Stores the bytes as a new version, then points the row at it as the server (the caller was checked by
 * `testWrite`, or by the signed URL's token). The previous version's bytes go once the row has moved on.
 */
export async function writeObject(
  s: StorageContext,
  target: { bucket: string; name: string; upsert: boolean; owner: string | null },
  upload: Upload,
): Promise<{ id: string }> {
  const version = randomUUID()
  await s.blobs.write(version, upload.bytes)
  const metadata = {
    eTag: `"${createHash('md5').update(upload.bytes).digest('hex')}"`,
    size: upload.bytes.byteLength,
    mimetype: upload.contentType,
    cacheControl: upload.cacheControl,
    lastModified: new Date().toISOString(),
    contentLength: upload.bytes.byteLength,
    httpStatusCode: 200,
  }
  let previous: string | null = null
  try {
    const id = await asServer(s.pool, async (db) => {
      const { rows } = await db.query<{ version: string | null }>(
        'select version from storage.objects where bucket_id = $1 and name = $2 for update',
        [target.bucket, target.name],
      )
      if (rows[0] && !target.upsert) throw errors.duplicate()
      previous = rows[0]?.version ?? null
      await db.query(target.upsert ? UPSERT : INSERT, [
        target.bucket,
        target.name,
        target.owner,
        metadata,
        upload.userMetadata,
        version,
      ])
      const row = await db.query<{ id: string }>(
        'select id from storage.objects where bucket_id = $1 and name = $2',
        [target.bucket, target.name],
      )
      return row.rows[0]?.id ?? ''
    })
    await s.blobs.remove([previous])
    return { id }
  } catch (error) {
    await s.blobs.remove([version])
    throw error
  }
}
