import { createClient, isAuthApiError, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { LOCAL_SECRET_KEY } from '../src/config.ts'
import type { Stack } from '../src/stack.ts'
import { startTestStack, testDatabaseUrl } from '../src/testing.ts'

// The auth limits through the whole devstack (gateway, auth, Postgres) with the real supabase-js: per-address
// token buckets for anonymous sign-ins, sign-ups and sign-ins, and refreshes, answered as GoTrue answers them;
// the address the gateway trusts; exact counts when requests race; and the growing wait after failed
// passwords on one account (the password verification hook in supabase/migrations).
const engines = [
  { name: 'PGlite', server: undefined },
  ...(testDatabaseUrl ? [{ name: 'PostgreSQL', server: testDatabaseUrl }] : []),
]

const LIMITS = { anonymousUsers: 3, signInSignUps: 4, tokenRefresh: 5 }
const PASSWORD = 'correct-horse-battery'
let counter = 0
const email = (tag: string) => `${tag}-${Date.now().toString(36)}-${++counter}@limits.test`
/** An address of its own for each caller (never one used before), so tests do not share buckets. */
let addresses = 0
const newAddress = () => {
  addresses++
  return `10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`
}

describe.each(engines)('auth limits on $name', ({ server }) => {
  let stack: Stack

  const options = (fetchImpl?: typeof fetch) => ({
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
    ...(fetchImpl ? { global: { fetch: fetchImpl } } : {}),
  })
  /** Straight from this machine: the gateway counts the socket's address (127.0.0.1). */
  const direct = () => createClient(stack.env.SUPABASE_URL, stack.env.SUPABASE_ANON_KEY, options())
  /**
   * On behalf of someone at `address`, as a server holding the secret key does it (the dashboard): the secret
   * key as apikey, the person's address in Sb-Forwarded-For, the anon key still the bearer.
   */
  const onBehalfOf = (address: string): SupabaseClient =>
    createClient(
      stack.env.SUPABASE_URL,
      stack.env.SUPABASE_ANON_KEY,
      options((input, init) => {
        const headers = new Headers(init?.headers)
        headers.set('apikey', LOCAL_SECRET_KEY)
        headers.set('sb-forwarded-for', address)
        return fetch(input, { ...init, headers })
      }),
    )
  const anonymousSignIns = async (c: () => SupabaseClient, n: number) =>
    Promise.all(Array.from({ length: n }, () => c().auth.signInAnonymously()))
  const anonymousUsers = async () =>
    Number((await stack.db.pool.query('select count(*) as n from auth.users where is_anonymous')).rows[0].n)

  beforeAll(async () => {
    stack = await startTestStack({ databaseUrl: server, auth: { rateLimit: LIMITS } })
  })
  afterAll(() => stack?.stop())

  it('answers a spent bucket as GoTrue does: 429 over_request_rate_limit, which supabase-js reports', async () => {
    const address = newAddress()
    const results = await anonymousSignIns(() => onBehalfOf(address), LIMITS.anonymousUsers + 1)
    expect(results.filter((r) => r.error === null)).toHaveLength(LIMITS.anonymousUsers)
    const refused = results.find((r) => r.error)?.error
    expect(isAuthApiError(refused)).toBe(true)
    expect(refused).toMatchObject({
      status: 429,
      code: 'over_request_rate_limit',
      message: 'Request rate limit reached',
    })

    const raw = await fetch(`${stack.env.SUPABASE_URL}/auth/v1/signup`, {
      method: 'POST',
      headers: { apikey: LOCAL_SECRET_KEY, 'sb-forwarded-for': address, 'content-type': 'application/json' },
      body: '{}',
    })
    expect(raw.status).toBe(429)
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(raw.headers.get('x-sb-error-code')).toBe('over_request_rate_limit')
    expect(await raw.json()).toMatchObject({
      error_code: 'over_request_rate_limit',
      msg: 'Request rate limit reached',
    })
  })

  it('counts exactly when requests race: the limit per address, no more', async () => {
    const before = await anonymousUsers()
    const [first, second] = [newAddress(), newAddress()]
    const results = await Promise.all([
      anonymousSignIns(() => onBehalfOf(first), 15),
      anonymousSignIns(() => onBehalfOf(second), 15),
    ])
    for (const batch of results) {
      expect(batch.filter((r) => r.error === null)).toHaveLength(LIMITS.anonymousUsers)
      expect(batch.filter((r) => r.error?.code === 'over_request_rate_limit')).toHaveLength(
        15 - LIMITS.anonymousUsers,
      )
    }
    expect((await anonymousUsers()) - before).toBe(2 * LIMITS.anonymousUsers)
  })

  it("counts the socket's address: X-Forwarded-For, X-Real-IP and a keyless Sb-Forwarded-For change nothing", async () => {
    const spoofed = () =>
      createClient(
        stack.env.SUPABASE_URL,
        stack.env.SUPABASE_ANON_KEY,
        options((input, init) => {
          const headers = new Headers(init?.headers)
          for (const name of ['x-forwarded-for', 'x-real-ip', 'sb-forwarded-for'])
            headers.set(name, newAddress())
          return fetch(input, { ...init, headers })
        }),
      )
    const results = await anonymousSignIns(spoofed, LIMITS.anonymousUsers + 3)
    expect(results.filter((r) => r.error === null)).toHaveLength(LIMITS.anonymousUsers)
    // ...and the bucket they spent is this machine's own
    const { error } = await direct().auth.signInAnonymously()
    expect(error?.code).toBe('over_request_rate_limit')
  })

  it('shares one bucket between sign-ups and password sign-ins, and has its own for refreshes', async () => {
    const c = onBehalfOf(newAddress())
    const address = email('share')
    const signUp = await c.auth.signUp({ email: address, password: PASSWORD })
    expect(signUp.error).toBeNull()
    for (let i = 1; i < LIMITS.signInSignUps; i++) {
      expect((await c.auth.signInWithPassword({ email: address, password: PASSWORD })).error).toBeNull()
    }
    const limited = await c.auth.signInWithPassword({ email: address, password: PASSWORD })
    expect(limited.error).toMatchObject({ status: 429, code: 'over_request_rate_limit' })

    const session = signUp.data.session
    if (!session) throw new Error('no session')
    let token = session.refresh_token
    for (let i = 0; i < LIMITS.tokenRefresh; i++) {
      const refreshed = await c.auth.refreshSession({ refresh_token: token })
      expect(refreshed.error).toBeNull()
      token = refreshed.data.session?.refresh_token as string
    }
    const spent = await c.auth.refreshSession({ refresh_token: token })
    expect(spent.error).toMatchObject({ status: 429, code: 'over_request_rate_limit' })
  })

  describe('failed passwords on one account', () => {
    /** A password attempt from a fresh address each time: only the account's own count is in play. */
    const attempt = (address: string, password: string) =>
      onBehalfOf(newAddress()).auth.signInWithPassword({ email: address, password })
    const newAccount = async () => {
      const address = email('guess')
      const { error } = await onBehalfOf(newAddress()).auth.signUp({ email: address, password: PASSWORD })
      if (error) throw error
      return address
    }

    it('lets four typos pass, then makes each next try wait longer, even for the right password', async () => {
      const account = await newAccount()
      for (let i = 0; i < 5; i++) {
        expect((await attempt(account, `wrong-${i}`)).error).toMatchObject({
          status: 400,
          code: 'invalid_credentials',
          message: 'Invalid login credentials',
        })
      }
      // the fifth failure started a wait: every try is refused now, so a guesser cannot tell right from wrong
      const waiting = await attempt(account, PASSWORD)
      expect(waiting.error).toMatchObject({
        status: 400,
        code: 'invalid_credentials',
        message: expect.stringMatching(
          /^Too many failed sign-ins for this account\. Try again in \d+ seconds?\.$/,
        ),
      })
      // once the wait is over the right password works, and clears the count
      await expect
        .poll(async () => (await attempt(account, PASSWORD)).error?.message ?? 'signed in', {
          timeout: 10_000,
        })
        .toBe('signed in')
      expect((await attempt(account, 'wrong-again')).error?.message).toBe('Invalid login credentials')
    })

    it('decides a burst of guesses one by one: five are looked at, the rest wait', async () => {
      const account = await newAccount()
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(account, `guess-${i}`)))
      const messages = results.map((r) => r.error?.message)
      const lookedAt = messages.filter((m) => m === 'Invalid login credentials').length
      // Five, or one more if a slow machine let the first (2 s) wait run out in the middle of the burst.
      expect(lookedAt).toBeGreaterThanOrEqual(5)
      expect(lookedAt).toBeLessThanOrEqual(6)
      expect(messages.filter((m) => m?.startsWith('Too many failed sign-ins'))).toHaveLength(12 - lookedAt)
    })
  })
})
