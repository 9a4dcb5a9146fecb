import { afterEach, describe, expect, it, vi } from 'vitest'
import { supabaseUrl } from '../env.ts'
import { forwardingFetch } from './forward-address.ts'

describe('forwardingFetch', () => {
  const sent: Array<{ url: string; headers: Headers }> = []
  afterEach(() => {
    sent.length = 0
    vi.unstubAllGlobals()
  })
  const capture = () =>
    vi.stubGlobal('fetch', async (input: string, init?: RequestInit) => {
      sent.push({ url: input, headers: new Headers(init?.headers) })
      return new Response('{}')
    })

  it("names the person's address on auth requests only, with the secret key", async () => {
    capture()
    const forward = forwardingFetch('203.0.113.7, 10.0.0.1', 'sb_secret_test')
    if (!forward) throw new Error('expected a fetch')
    await forward(`${supabaseUrl}/auth/v1/token?grant_type=password`, {
      headers: { apikey: 'anon', authorization: 'Bearer anon' },
    })
    await forward(`${supabaseUrl}/rest/v1/stores`, {
      headers: { apikey: 'anon', authorization: 'Bearer user' },
    })
    const [auth, rest] = sent
    expect(auth?.headers.get('apikey')).toBe('sb_secret_test')
    expect(auth?.headers.get('sb-forwarded-for')).toBe('203.0.113.7')
    expect(auth?.headers.get('authorization')).toBe('Bearer anon')
    expect(rest?.headers.get('apikey')).toBe('anon')
    expect(rest?.headers.has('sb-forwarded-for')).toBe(false)
  })

  it('forwards nothing without the secret key or an address', () => {
    expect(forwardingFetch('203.0.113.7', '')).toBeUndefined()
    expect(forwardingFetch(null, 'sb_secret_test')).toBeUndefined()
  })
})
