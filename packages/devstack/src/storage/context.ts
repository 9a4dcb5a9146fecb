import type { Context } from 'hono'
import type pg from 'pg'
import type { DevstackConfig } from '../config.ts'
import type { Blobs } from './blobs.ts'
import { type Caller, callerFrom } from './caller.ts'
import { errors } from './errors.ts'

/** What every Storage route gets. */
export interface StorageContext {
  config: DevstackConfig
  pool: pg.Pool
  blobs: Blobs
}

/** The caller of a request (its verified JWT). */
export const callerOf = (s: StorageContext, c: Context): Promise<Caller> =>
  callerFrom(s.config, c.req.header('authorization'))

// Storage's rule for object names (src/storage/limits.ts); bucket names the same without '/'.
const KEY = /^[A-Za-z0-9_/!.*'() &$=@;:+,?-]*$/
const BUCKET = /^[A-Za-z0-9_!.*'() &$=@;:+,?-]{1,100}$/

export function checkBucketName(name: string): string {
  if (!BUCKET.test(name)) throw errors.invalidRequest(`Bucket name invalid: ${name}`)
  return name
}

/**
 * `{bucket}/{name}` from the request path after `prefix` (e.g. `/object/sign/`), decoded per segment
 * (storage-js sends names as fetch encodes them: spaces escaped, slashes kept).
 */
export function objectPath(c: Context, prefix: string): { bucket: string; name: string } {
  const pathname = new URL(c.req.url).pathname
  const at = pathname.indexOf(prefix)
  const rest = pathname.slice(at + prefix.length)
  const slash = rest.indexOf('/')
  if (at < 0 || slash <= 0) throw errors.invalidRequest('The path must name a bucket and an object')
  let bucket: string
  let name: string
  try {
    bucket = decodeURIComponent(rest.slice(0, slash))
    name = rest
      .slice(slash + 1)
      .split('/')
      .map(decodeURIComponent)
      .join('/')
  } catch {
    throw errors.invalidKey(rest)
  }
  checkBucketName(bucket)
  if (!name || !KEY.test(name) || name.length > 1024) throw errors.invalidKey(name)
  return { bucket, name }
}

export interface BucketRow {
  id: string
  public: boolean
  file_size_limit: string | null
  allowed_mime_types: string[] | null
}

/** The bucket row, read as the server (buckets are looked up before RLS decides about their objects). */
export async function findBucket(s: StorageContext, id: string): Promise<BucketRow> {
  const { rows } = await s.pool.query<BucketRow>(
    'select id, public, file_size_limit, allowed_mime_types from storage.buckets where id = $1',
    [id],
  )
  if (!rows[0]) throw errors.noSuchBucket()
  return rows[0]
}
