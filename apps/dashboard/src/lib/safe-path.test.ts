import { describe, expect, it } from 'vitest'
import { safePath } from './safe-path.ts'

describe('safePath', () => {
  it('keeps same-origin paths with their query', () => {
    expect(safePath('/invitations/abc')).toBe('/invitations/abc')
    expect(safePath('/stores?x=1')).toBe('/stores?x=1')
  })

  it('refuses anything that could leave the site', () => {
    for (const evil of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'evil',
      '',
      null,
      undefined,
    ]) {
      expect(safePath(evil)).toBe('/stores')
    }
  })
})
