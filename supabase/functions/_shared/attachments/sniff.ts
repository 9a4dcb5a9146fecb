// What a file really is, read from its first bytes (its magic number), never from the name or the type the
// browser declared. Only these kinds are accepted: SVG, HTML, scripts and executables have no entry, so
// they are unknown and refused.

export type AllowedType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/gif' | 'application/pdf'

export const ALLOWED_TYPES: readonly AllowedType[] = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'application/pdf',
]

export const EXTENSIONS: Record<AllowedType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'application/pdf': 'pdf',
}

const startsWith = (bytes: Uint8Array, magic: number[], at = 0) =>
  bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b)
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0))

/** The allowed type these bytes are, or undefined. */
export function sniffType(bytes: Uint8Array): AllowedType | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp'
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif'
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf'
  return undefined
}

/** The declared type as a browser sends it (`image/jpg` is a common spelling of `image/jpeg`). */
export function normalizeType(declared: string): string {
  const type = declared.split(';')[0]?.trim().toLowerCase() ?? ''
  return type === 'image/jpg' || type === 'image/pjpeg' ? 'image/jpeg' : type
}

/**
 * A shopper's file name is only a label: refused when it tries to be a path (separators, `..`, control
 * characters), so nothing downstream (downloads, Chatwoot, exports) can be tricked by it.
 */
export function checkFileName(name: string): string | undefined {
  const trimmed = name.trim()
  if (!trimmed || trimmed.length > 200) return 'The file name must be 1 to 200 characters'
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[/\\\u0000-\u001f\u007f]/.test(trimmed) || trimmed === '.' || trimmed.includes('..')) {
    return 'The file name may not contain slashes, backslashes, ".." or control characters'
  }
  return undefined
}
