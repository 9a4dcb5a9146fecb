// Any other origin stands in for "ours": a value is safe when it resolves to a path on it.
const HERE = 'https://parley.invalid'
// Browsers drop tabs and newlines from URLs and read `\` as `/`, so `/\t/evil.example` and `/\evil.example`
// both leave the site; no path of ours needs either, nor any other control character.
const UNSAFE_CHARACTERS = /[\p{Cc}\\]/u

/**
 * Accepts only same-origin paths for post-login redirects, so a crafted `?next=` cannot send a user to
 * another site. The value is judged the way a browser will read it (control characters, backslashes,
 * `//host`), and its path once more after percent-decoding, for servers that decode before redirecting.
 * Returns the normalised path, query and hash.
 */
export function safePath(value: unknown, fallback = '/stores'): string {
  if (typeof value !== 'string' || value.length > 2000) return fallback
  if (!value.startsWith('/') || value.startsWith('//') || UNSAFE_CHARACTERS.test(value)) return fallback
  let url: URL
  try {
    url = new URL(value, HERE)
  } catch {
    return fallback
  }
  if (url.origin !== HERE) return fallback
  const decoded = fullyDecoded(url.pathname)
  if (decoded === null || decoded.startsWith('//') || UNSAFE_CHARACTERS.test(decoded)) return fallback
  return `${url.pathname}${url.search}${url.hash}`
}

/** Percent-decodes until nothing changes (`%252F` hides `%2F`); null when the encoding is broken. */
function fullyDecoded(path: string): string | null {
  let current = path
  for (let round = 0; round < 5; round++) {
    let next: string
    try {
      next = decodeURIComponent(current)
    } catch {
      return null
    }
    if (next === current) return current
    current = next
  }
  return null
}
