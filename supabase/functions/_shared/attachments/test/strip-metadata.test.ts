import { describe, expect, it } from 'vitest'
import { checkFileName, sniffType } from '../sniff.ts'
import { stripMetadata } from '../strip-metadata.ts'

const bytes = (...parts: Array<number[] | string>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)))
const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]
const u32le = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255]
const text = (b: Uint8Array) => String.fromCharCode(...b)

/** A PNG chunk (the CRC is not checked by the stripper, so zeros do). */
const chunk = (type: string, data: string) => bytes(u32(data.length), type, data, [0, 0, 0, 0])
const png = (...chunks: Uint8Array[]) =>
  bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], ...chunks.map((c) => [...c]))

describe('sniffing', () => {
  it('knows the allowed types by their bytes and nothing else', () => {
    expect(sniffType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
    expect(sniffType(png())).toBe('image/png')
    expect(sniffType(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp')
    expect(sniffType(bytes('GIF89a'))).toBe('image/gif')
    expect(sniffType(bytes('%PDF-1.7'))).toBe('application/pdf')
    for (const hostile of ['<svg onload="x">', '<!doctype html>', 'MZ\x90\x00', '#!/bin/sh', '']) {
      expect(sniffType(bytes(hostile)), hostile).toBeUndefined()
    }
  })

  it('refuses file names that try to be paths', () => {
    for (const name of ['../x.jpg', 'a/b.jpg', 'a\\b.jpg', '..', 'a\u0000.jpg', '', ' ']) {
      expect(checkFileName(name), JSON.stringify(name)).toBeDefined()
    }
    expect(checkFileName('IMG 0001 (2).jpg')).toBeUndefined()
  })
})

describe('stripping metadata without re-encoding', () => {
  it('drops EXIF, XMP and comments from a JPEG and keeps the image data byte for byte', () => {
    const exif = bytes([0xff, 0xe1], [0, 11], 'Exif\0\0GPS')
    const comment = bytes([0xff, 0xfe], [0, 6], 'hi!!')
    const frame = bytes([0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x10, 0x00, 0x20, 0x01, 0x01, 0x11, 0x00])
    const scan = bytes([
      0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, 0xaa, 0xff, 0xe1, 0xbb, 0xff, 0xd9,
    ])
    const jpeg = bytes([0xff, 0xd8], [...exif], [...comment], [...frame], [...scan])
    const out = stripMetadata('image/jpeg', jpeg)
    expect(text(out.bytes)).not.toContain('GPS')
    expect(text(out.bytes)).not.toContain('hi!!')
    expect([...out.bytes]).toEqual([0xff, 0xd8, ...frame, ...scan]) // the scan (even an 0xFFE1 inside it) untouched
    expect(out).toMatchObject({ width: 32, height: 16 })
  })

  it('drops eXIf and text chunks from a PNG and reads its size', () => {
    const ihdr = chunk('IHDR', `${String.fromCharCode(...u32(640), ...u32(480))}\x08\x02\0\0\0`)
    const idat = chunk('IDAT', 'pixels')
    const image = png(
      ihdr,
      chunk('eXIf', 'GPS'),
      chunk('tEXt', 'Author\0me'),
      chunk('iTXt', 'x'),
      idat,
      chunk('IEND', ''),
    )
    const out = stripMetadata('image/png', image)
    expect(text(out.bytes)).not.toMatch(/GPS|Author|eXIf|tEXt|iTXt/)
    expect(out.bytes).toEqual(png(ihdr, idat, chunk('IEND', '')))
    expect(out).toMatchObject({ width: 640, height: 480 })
  })

  it('drops EXIF and XMP chunks from a WebP, clears their flags and fixes the RIFF size', () => {
    const vp8x = bytes('VP8X', u32le(10), [0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    const exif = bytes('EXIF', u32le(3), 'GPS', [0])
    const image = bytes('VP8 ', u32le(4), 'data')
    const riff = (...chunks: Uint8Array[]) => {
      const body = chunks.flatMap((c) => [...c])
      return bytes('RIFF', u32le(body.length + 4), 'WEBP', body)
    }
    const out = stripMetadata('image/webp', riff(vp8x, exif, image))
    expect(text(out.bytes)).not.toContain('GPS')
    expect(out.bytes).toEqual(riff(bytes('VP8X', u32le(10), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), image))
  })
})
