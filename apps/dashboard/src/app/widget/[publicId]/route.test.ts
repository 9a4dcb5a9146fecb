import { describe, expect, it, vi } from 'vitest'
import { GET } from './route.ts'

// The page only names the build's files; a stand-in build keeps this test independent of `build.mjs`.
vi.mock('@parley/widget/built', () => ({
  default: { loader: '', page: { script: 'main-1.js', modules: [], styles: [] }, assets: {} },
}))

const open = (publicId: string) =>
  GET(new Request('http://localhost/widget/x'), { params: Promise.resolve({ publicId }) })

describe('GET /widget/<public id>', () => {
  it('answers 404 for what cannot be a public id (a NUL, a path, too long)', async () => {
    for (const publicId of ['bot\u0000', '../admin', 'a'.repeat(65), '', 'bot id']) {
      const response = await open(publicId)
      expect(response.status, JSON.stringify(publicId)).toBe(404)
    }
  })

  it('serves the chat page for a public id, never sniffed as anything but HTML', async () => {
    const response = await open('acmeoutdoor0001')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).toContain('data-public-id="acmeoutdoor0001"')
  })
})
