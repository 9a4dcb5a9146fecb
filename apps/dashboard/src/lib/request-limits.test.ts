import { describe, expect, it } from 'vitest'
import { refuseOversizedPost, SERVER_ACTION_BODY_LIMIT } from './request-limits.ts'

const post = (headers: Record<string, string>) =>
  new Request('http://localhost/login', { method: 'POST', headers: { 'next-action': 'abc', ...headers } })

describe('refuseOversizedPost', () => {
  it('answers 413 past the limit and 411 without a declared size, before anything reads the body', async () => {
    const tooBig = refuseOversizedPost(post({ 'content-length': String(SERVER_ACTION_BODY_LIMIT + 1) }))
    expect(tooBig?.status).toBe(413)
    expect(await tooBig?.text()).toMatch(/larger than 1 MB/)
    expect(refuseOversizedPost(post({}))?.status).toBe(411)
    expect(refuseOversizedPost(post({ 'content-length': '1e9' }))?.status).toBe(411)
  })

  it('lets form posts within the limit, and every other method, through', () => {
    expect(refuseOversizedPost(post({ 'content-length': String(SERVER_ACTION_BODY_LIMIT) }))).toBeUndefined()
    expect(refuseOversizedPost(new Request('http://localhost/stores'))).toBeUndefined()
  })
})
