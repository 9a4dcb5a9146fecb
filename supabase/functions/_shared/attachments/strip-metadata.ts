// Removes what a photo says about where and by whom it was taken (EXIF with GPS, XMP, IPTC, comments and
// text chunks) without re-encoding: the image data is copied byte for byte, so nothing is lost and no image
// codec has to run in the edge function. Orientation lives in EXIF too, so the widget re-draws photos upright
// through a canvas before uploading; this is the server's guarantee for files that did not.

export interface StrippedImage {
  bytes: Uint8Array
  width?: number
  height?: number
}

/** JPEG: drops APP1 (Exif, XMP), APP13 (IPTC) and COM segments; reads the size from the frame header. */
function stripJpeg(bytes: Uint8Array): StrippedImage {
  const out: Uint8Array[] = [bytes.subarray(0, 2)]
  let width: number | undefined
  let height: number | undefined
  let at = 2
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1] ?? 0
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      out.push(bytes.subarray(at, at + 2))
      at += 2
      continue
    }
    const length = ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0)
    const end = at + 2 + length
    if (length < 2 || end > bytes.length) break
    // Start of frame (not DHT/JPG/DAC, which share the range): height then width.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      height = ((bytes[at + 5] ?? 0) << 8) | (bytes[at + 6] ?? 0)
      width = ((bytes[at + 7] ?? 0) << 8) | (bytes[at + 8] ?? 0)
    }
    if (marker !== 0xe1 && marker !== 0xed && marker !== 0xfe) out.push(bytes.subarray(at, end))
    at = end
    if (marker === 0xda) break // start of scan: the rest is image data
  }
  out.push(bytes.subarray(at))
  return { bytes: concat(out), width, height }
}

const PNG_DROPPED = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME'])

/** PNG: drops eXIf and the text chunks; width and height from IHDR. */
function stripPng(bytes: Uint8Array): StrippedImage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out: Uint8Array[] = [bytes.subarray(0, 8)]
  let at = 8
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at)
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8))
    const end = at + 12 + length
    if (end > bytes.length) break
    if (!PNG_DROPPED.has(type)) out.push(bytes.subarray(at, end))
    at = end
    if (type === 'IEND') break
  }
  const width = bytes.length >= 24 ? view.getUint32(16) : undefined
  const height = bytes.length >= 24 ? view.getUint32(20) : undefined
  return { bytes: concat(out), width, height }
}

/** WebP: drops the EXIF and XMP chunks and clears their flags in VP8X. */
function stripWebp(bytes: Uint8Array): StrippedImage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const chunks: Uint8Array[] = []
  let at = 12
  while (at + 8 <= bytes.length) {
    const type = String.fromCharCode(...bytes.subarray(at, at + 4))
    const size = view.getUint32(at + 4, true)
    const end = at + 8 + size + (size % 2)
    if (at + 8 + size > bytes.length) break
    if (type !== 'EXIF' && type !== 'XMP ') {
      const chunk = bytes.slice(at, Math.min(end, bytes.length))
      if (type === 'VP8X' && chunk.length > 8) chunk[8] = (chunk[8] ?? 0) & ~0x0c
      chunks.push(chunk)
    }
    at = end
  }
  const body = concat(chunks)
  const header = bytes.slice(0, 12)
  new DataView(header.buffer).setUint32(4, body.length + 4, true)
  return { bytes: concat([header, body]) }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

/** The image without its metadata (GIF and PDF carry no camera metadata and are returned as they are). */
export function stripMetadata(type: string, bytes: Uint8Array): StrippedImage {
  if (type === 'image/jpeg') return stripJpeg(bytes)
  if (type === 'image/png') return stripPng(bytes)
  if (type === 'image/webp') return stripWebp(bytes)
  return { bytes }
}
