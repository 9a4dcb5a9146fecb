import { describe, expect, it } from 'vitest'
import { STORAGE_KEY, VisitorAuth } from './auth.ts'
import { MemoryStorage } from './memory-storage.ts'

const now = () => Math.floor(Date.now() / 1000)

/** A GoTrue stand-in: anonymous sign-up and refresh tokens that work once, as Supabase Auth's do. */
function authServer() {
  const calls: string[] = []
  const live = new Set<string>()
  let n = 0
  const session = (expiresIn = 3600) => {
    n++
    live.add(`refresh-${n}`)
    return {
      access_token: `access-${n}`,
      refresh_token: `refresh-${n}`,
      expires_in: expiresIn,
      user: { id: 'u' },
    }
  }
  const fetcher = async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input).replace('http://api/auth/v1/', '')
    calls.push(path)
    const body = JSON.parse(String(init?.body ?? '{}'))
    if (path === 'signup') return Response.json(session())
    if (path === 'token?grant_type=refresh_token') {
      if (!live.delete(body.refresh_token))
        return Response.json({ msg: 'Invalid Refresh Token: Already Used' }, { status: 400 })
      return Response.json(session())
    }
    return Response.json({}, { status: 404 })
  }
  return { calls, fetcher, session }
}

describe('VisitorAuth', () => {
  it('signs a new visitor in anonymously once, however many ask at the same time', async () => {
    const server = authServer()
    const auth = new VisitorAuth('http://api', 'anon', new MemoryStorage(), server.fetcher)
    const tokens = await Promise.all([auth.token(), auth.token(), auth.token()])
    expect(tokens).toEqual(['access-1', 'access-1', 'access-1'])
    expect(server.calls).toEqual(['signup'])
  })

  it('keeps a returning visitor: the stored session (the shape supabase-js stored) is used as it is', async () => {
    const server = authServer()
    const storage = new MemoryStorage()
    storage.setItem(
      STORAGE_KEY,
      JSON.stringify({
        access_token: 'old',
        refresh_token: 'r',
        expires_at: now() + 3000,
        user: { id: 'u' },
      }),
    )
    const auth = new VisitorAuth('http://api', 'anon', storage, server.fetcher)
    expect(await auth.token()).toBe('old')
    expect(server.calls).toEqual([])
  })

  it('refreshes a token about to expire, tells Realtime once and stores the new session for the next page', async () => {
    const server = authServer()
    const storage = new MemoryStorage()
    const first = server.session(30) // expires within the refresh margin
    storage.setItem(STORAGE_KEY, JSON.stringify({ ...first, expires_at: now() + 30 }))
    const auth = new VisitorAuth('http://api', 'anon', storage, server.fetcher)
    const told: string[] = []
    auth.onToken = (token) => told.push(token)
    expect(await auth.token()).toBe('access-2')
    expect(await auth.token()).toBe('access-2')
    expect(server.calls).toEqual(['token?grant_type=refresh_token'])
    expect(told).toEqual(['access-2'])
    expect(JSON.parse(storage.getItem(STORAGE_KEY) ?? '{}')).toMatchObject({
      access_token: 'access-2',
      refresh_token: 'refresh-2',
      user: { id: 'u' },
    })
    // Another page of the same frame origin reads it without asking the server.
    expect(await new VisitorAuth('http://api', 'anon', storage, server.fetcher).token()).toBe('access-2')
  })

  it('starts as a new visitor when the refresh token was revoked', async () => {
    const server = authServer()
    const storage = new MemoryStorage()
    storage.setItem(
      STORAGE_KEY,
      JSON.stringify({ access_token: 'a', refresh_token: 'revoked', expires_at: now() - 10 }),
    )
    const auth = new VisitorAuth('http://api', 'anon', storage, server.fetcher)
    expect(await auth.token()).toBe('access-1')
    expect(server.calls).toEqual(['token?grant_type=refresh_token', 'signup'])
  })

  it('keeps the session when the auth server cannot be reached, to try again later', async () => {
    const storage = new MemoryStorage()
    const stored = { access_token: 'a', refresh_token: 'r', expires_at: now() - 10 }
    storage.setItem(STORAGE_KEY, JSON.stringify(stored))
    const offline = async () => {
      throw new TypeError('Failed to fetch')
    }
    await expect(new VisitorAuth('http://api', 'anon', storage, offline).token()).rejects.toThrow(
      'Failed to fetch',
    )
    expect(JSON.parse(storage.getItem(STORAGE_KEY) ?? '{}')).toEqual(stored)
  })

  it('works without storage (blocked third-party storage) for the life of the page', async () => {
    const server = authServer()
    const auth = new VisitorAuth('http://api', 'anon', null, server.fetcher)
    expect(await auth.token()).toBe('access-1')
    expect(await auth.token()).toBe('access-1')
    expect(server.calls).toEqual(['signup'])
  })
})
