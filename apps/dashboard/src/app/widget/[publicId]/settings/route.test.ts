import { describe, expect, it } from 'vitest'
import { GET } from './route.ts'

describe('GET /widget/<public id>/settings', () => {
  it('answers 404 for what cannot be a public id (a NUL, a path, too long) without asking the database', async () => {
    for (const publicId of ['bot\u0000', '../admin', 'a'.repeat(65), '', 'bot id']) {
      const response = await GET(new Request('http://localhost/widget/x/settings'), {
        params: Promise.resolve({ publicId }),
      })
      expect(response.status, JSON.stringify(publicId)).toBe(404)
      expect(await response.json()).toEqual({ error: 'unknown chatbot' })
    }
  })
})
