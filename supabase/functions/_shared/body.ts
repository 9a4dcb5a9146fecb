// Reading a JSON body from the public internet: the size is capped before anything is parsed (the declared
// Content-Length, then the bytes actually streamed), the bytes must be UTF-8, and no string in the result may
// hold a NUL character or a lone UTF-16 surrogate (Postgres stores neither). Each failure is a clear 4xx.

/** A body we refuse: becomes `{ code, message }` with `status`. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

async function readCapped(req: Request, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new BodyError(413, 'payload_too_large', `The body is over ${maxBytes} bytes`)
  const declared = Number(req.headers.get('content-length') ?? '0')
  if (declared > maxBytes) throw tooLarge()
  if (!req.body) return new Uint8Array()
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = req.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => {})
      throw tooLarge()
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    bytes.set(chunk, at)
    at += chunk.byteLength
  }
  return bytes
}

/** The first string (value or key) Postgres could not store, described; undefined when all are fine. */
export function unstorableText(value: unknown, path = 'body'): string | undefined {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return `${path} contains a NUL character`
    if (!value.isWellFormed()) return `${path} contains a lone UTF-16 surrogate`
    return undefined
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const problem = unstorableText(item, `${path}[${i}]`)
      if (problem) return problem
    }
    return undefined
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const problem = unstorableText(key, `a key in ${path}`) ?? unstorableText(item, `${path}.${key}`)
      if (problem) return problem
    }
  }
  return undefined
}

/** The request's JSON body, at most `maxBytes`; throws BodyError. */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const bytes = await readCapped(req, maxBytes)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new BodyError(400, 'invalid_json', 'The request body is not valid UTF-8')
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new BodyError(400, 'invalid_json', 'The request body is not valid JSON')
  }
  const problem = unstorableText(value)
  if (problem) throw new BodyError(400, 'invalid_text', `${problem}; send text without them`)
  return value
}
