import type { Context } from 'hono'
import type { StorageContext } from './context.ts'
import { errors } from './errors.ts'

/** The columns a download or info needs. */
export interface ObjectRow {
  id: string
  bucket_id: string
  name: string
  version: string | null
  metadata: {
    size?: number
    mimetype?: string
    cacheControl?: string
    eTag?: string
    lastModified?: string
  } | null
  user_metadata: Record<string, unknown> | null
  created_at: Date
  updated_at: Date
}

export const OBJECT_COLUMNS = 'id, bucket_id, name, version, metadata, user_metadata, created_at, updated_at'

/**
 * The object's bytes with Storage's download headers: type (HTML is served as text), length, ETag (304 when it
 * matches), Last-Modified, caching (or `Expires` for a signed URL), byte ranges, and `Content-Disposition:
 * attachment` when `?download` asks for it.
 */
export async function serveObject(
  s: StorageContext,
  c: Context,
  row: ObjectRow,
  options: { expires?: number } = {},
): Promise<Response> {
  const meta = row.metadata ?? {}
  const size = Number(meta.size ?? 0)
  const etag = meta.eTag ?? `"${row.version}"`
  const type = meta.mimetype ?? 'application/octet-stream'
  const headers = new Headers({
    'Accept-Ranges': 'bytes',
    'Content-Type': /^text\/html\b/i.test(type) ? 'text/plain' : type,
    ETag: etag,
    'Last-Modified': new Date(meta.lastModified ?? row.updated_at).toUTCString(),
    'X-Robots-Tag': 'none',
    'X-Content-Type-Options': 'nosniff',
  })
  if (options.expires) headers.set('Expires', new Date(options.expires * 1000).toUTCString())
  else headers.set('Cache-Control', meta.cacheControl ?? 'no-cache')
  const download = c.req.query('download')
  if (download !== undefined) {
    const filename = download || row.name.split('/').pop() || 'download'
    headers.set(
      'Content-Disposition',
      `attachment; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    )
  }
  if (c.req.header('if-none-match') === etag) return new Response(null, { status: 304, headers })

  const range = parseRange(c.req.header('range'), size)
  if (range === 'unsatisfiable') {
    headers.set('Content-Range', `bytes */${size}`)
    return new Response(null, { status: 416, headers })
  }
  const body = row.version
    ? await s.blobs.read(row.version, range && size > 0 ? range : undefined)
    : undefined
  if (!body && size > 0) throw errors.noSuchKey()
  if (range) {
    headers.set('Content-Range', `bytes ${range.start}-${range.end}/${size}`)
    headers.set('Content-Length', String(range.end - range.start + 1))
    return new Response(c.req.method === 'HEAD' ? null : body, { status: 206, headers })
  }
  headers.set('Content-Length', String(size))
  return new Response(c.req.method === 'HEAD' || size === 0 ? null : body, { status: 200, headers })
}

/** One `bytes=a-b`, `bytes=a-` or `bytes=-n` range; several ranges are served whole, as S3 does. */
function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header ?? '')
  if (!match || (!match[1] && !match[2])) return undefined
  const start = match[1] ? Number(match[1]) : Math.max(0, size - Number(match[2]))
  const end = match[1] && match[2] ? Math.min(Number(match[2]), size - 1) : size - 1
  if (start >= size || start > end) return 'unsatisfiable'
  return { start, end }
}

/** `info()`'s answer (storage-js camelizes it). */
export function objectInfo(row: ObjectRow) {
  const meta = row.metadata ?? {}
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    bucket_id: row.bucket_id,
    size: meta.size ?? null,
    content_type: meta.mimetype ?? null,
    cache_control: meta.cacheControl ?? null,
    etag: meta.eTag ?? null,
    metadata: row.user_metadata ?? {},
    last_modified: meta.lastModified ?? row.updated_at,
    created_at: row.created_at,
  }
}
