import { describe, expect, it } from 'vitest'
import { safePath } from './safe-path.ts'

describe('safePath', () => {
  it('keeps same-origin paths with their query and hash', () => {
    expect(safePath('/invitations/abc')).toBe('/invitations/abc')
    expect(safePath('/stores?x=1')).toBe('/stores?x=1')
    expect(safePath('/stores/1#members')).toBe('/stores/1#members')
    // normalised as a browser would: dot segments resolve inside the site
    expect(safePath('/stores/../invitations/x')).toBe('/invitations/x')
  })

  it('refuses anything that could leave the site', () => {
    for (const evil of [
      'https://evil.example',
      'HTTPS://evil.example',
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      // browsers strip tabs and newlines before resolving: these become //evil.example
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r\n/evil.example',
      '/%09/evil.example',
      '/%0a/evil.example',
      // encoded slashes and backslashes that a decoding server or proxy would turn into //host
      '/%2F%2Fevil.example',
      '/%2f/evil.example',
      '/%5Cevil.example',
      '/%252F%252Fevil.example',
      // other control characters, and a NUL
      '/\u0000/evil.example',
      '/\u007f',
      '/%00',
      // schemes and relative references
      'javascript:alert(1)',
      ' /stores',
      'evil',
      '',
      '/%E0%A4%A',
      `/${'a'.repeat(3000)}`,
      null,
      undefined,
      42,
    ]) {
      expect(safePath(evil), JSON.stringify(evil)).toBe('/stores')
    }
  })
})
