// Public input, bounded and checked before anything parses or stores it.

/**
 * The body as text, or null when it is larger than `maxBytes`, whether declared (Content-Length) or actually
 * sent (a chunked body is read only up to the limit, then dropped).
 */
export async function readTextUpTo(req: Request, maxBytes: number): Promise<string | null> {
  if (Number(req.headers.get('content-length') ?? 0) > maxBytes) return null
  if (!req.body) return ''
  const reader = req.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel()
      return null
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return new TextDecoder().decode(bytes)
}

/** Deeper JSON than any sender needs, and than Postgres nests in jsonb without running out of stack. */
const MAX_DEPTH = 32
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/**
 * Why Postgres could not store this parsed JSON (a NUL in text, an unpaired UTF-16 surrogate, nesting past
 * MAX_DEPTH), or null when it can. Callers answer 400 instead of failing inside an INSERT with a 500.
 */
export function unstorable(json: unknown): string | null {
  const pending: Array<[unknown, number]> = [[json, 0]]
  for (let item = pending.pop(); item; item = pending.pop()) {
    const [value, depth] = item
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return 'text contains a NUL character'
      if (LONE_SURROGATE.test(value)) return 'text contains an unpaired surrogate'
    } else if (value && typeof value === 'object') {
      if (depth >= MAX_DEPTH) return `JSON is nested deeper than ${MAX_DEPTH} levels`
      for (const [key, child] of Object.entries(value)) pending.push([key, depth], [child, depth + 1])
    }
  }
  return null
}
