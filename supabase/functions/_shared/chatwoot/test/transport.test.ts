import { describe, expect, it } from 'vitest'
import {
  AccountClient,
  type BreakerState,
  ChatwootAuthError,
  ChatwootHttpError,
  ChatwootNetworkError,
  ChatwootTimeoutError,
  CircuitBreaker,
  CircuitOpenError,
  MemoryBreakerStore,
  PlatformClient,
  parseRetryAfter,
  type TransportOptions,
} from '../index.ts'

type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | Error

/** A scripted fetch and a fake clock: sleeping advances time instantly and records the delay. */
function harness(replies: Reply[], extra: Partial<TransportOptions> = {}) {
  const clock = { now: 1_700_000_000_000 }
  const sleeps: number[] = []
  const calls: { url: string; init: RequestInit }[] = []
  const store = new MemoryBreakerStore()
  const options: TransportOptions = {
    baseUrl: 'https://cw.example.com/',
    now: () => clock.now,
    sleep: async (ms) => {
      sleeps.push(ms)
      clock.now += ms
    },
    random: () => 0.5,
    breaker: new CircuitBreaker('https://cw.example.com', {
      store,
      failureThreshold: 3,
      cooldownMs: 30_000,
      now: () => clock.now,
    }),
    fetch: async (input, init) => {
      calls.push({ url: String(input), init: init ?? {} })
      const reply = replies.shift() ?? { status: 200, body: { id: 1, name: 'ok' } }
      if (reply instanceof Error) throw reply
      return new Response(reply.body === undefined ? '' : JSON.stringify(reply.body), {
        status: reply.status,
        headers: reply.headers,
      })
    },
    ...extra,
  }
  const platform = new PlatformClient({ ...options, platformToken: 'pt' })
  return { clock, sleeps, calls, store, platform, options }
}

describe('retries', () => {
  it('retries 503 with exponential backoff and jitter, then succeeds', async () => {
    const h = harness([{ status: 503 }, { status: 502 }, { status: 200, body: { id: 7, name: 'Shop' } }])
    const account = await h.platform.accounts.get(7)
    expect(account).toEqual({ id: 7, name: 'Shop' })
    expect(h.calls).toHaveLength(3)
    // random()=0.5 -> 3/4 of the 250, 500 ms steps
    expect(h.sleeps).toEqual([188, 375])
    expect(h.calls[0]?.url).toBe('https://cw.example.com/platform/api/v1/accounts/7')
    expect(new Headers(h.calls[0]?.init.headers).get('api_access_token')).toBe('pt')
  })

  it('honours Retry-After in seconds on 429', async () => {
    const h = harness([
      { status: 429, headers: { 'retry-after': '3' } },
      { status: 200, body: [] },
    ])
    await h.platform.accounts.list()
    expect(h.sleeps).toEqual([3000])
  })

  it('honours Retry-After as an HTTP date', async () => {
    const h = harness([])
    const date = new Date(h.clock.now + 5000).toUTCString()
    h.options.fetch = undefined
    expect(parseRetryAfter(date, h.clock.now)).toBeGreaterThan(4000)
    expect(parseRetryAfter(date, h.clock.now)).toBeLessThanOrEqual(5000)
    expect(parseRetryAfter('soon', h.clock.now)).toBeUndefined()
    expect(parseRetryAfter(null, h.clock.now)).toBeUndefined()
    const h2 = harness([
      { status: 429, headers: { 'retry-after': new Date(1_700_000_002_000).toUTCString() } },
    ])
    await h2.platform.accounts.get(1)
    expect(h2.sleeps).toEqual([2000])
  })

  it('does not wait for a Retry-After beyond the cap, and gives up after maxAttempts', async () => {
    const h = harness([{ status: 429, headers: { 'retry-after': '3600' } }])
    const error = await h.platform.accounts.get(1).catch((e) => e)
    expect(error).toBeInstanceOf(ChatwootHttpError)
    expect(error.retryable).toBe(true)
    expect(h.calls).toHaveLength(1)

    const h2 = harness(
      [{ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }, { status: 200 }],
      {
        retry: { maxAttempts: 2 },
      },
    )
    const e2 = await h2.platform.accounts.get(1).catch((e) => e)
    expect(e2).toBeInstanceOf(ChatwootHttpError)
    expect(e2.status).toBe(500)
    expect(h2.calls).toHaveLength(2)
  })

  it('does not retry 4xx; 401 is a ChatwootAuthError with the body', async () => {
    const h = harness([{ status: 401, body: { error: 'Non permissible resource' } }])
    const error = await h.platform.accounts.get(9).catch((e) => e)
    expect(error).toBeInstanceOf(ChatwootAuthError)
    expect(error.body).toEqual({ error: 'Non permissible resource' })
    expect(error.retryable).toBe(false)
    expect(h.calls).toHaveLength(1)
    const h2 = harness([{ status: 422, body: { message: 'q required' } }])
    await expect(h2.platform.accounts.get(1)).rejects.toMatchObject({ status: 422, retryable: false })
    expect(h2.calls).toHaveLength(1)
  })

  it('retries network errors and reports a ChatwootNetworkError when they persist', async () => {
    const refused = new TypeError('fetch failed')
    const h = harness([refused, { status: 200, body: { id: 1 } }])
    await expect(h.platform.users.get(1)).resolves.toEqual({ id: 1 })
    const h2 = harness([refused, refused, refused, refused], { breaker: undefined })
    await expect(h2.platform.users.get(1)).rejects.toBeInstanceOf(ChatwootNetworkError)
    expect(h2.calls).toHaveLength(4)
  })

  it('times out a hanging request (real short timeout) and retries it', async () => {
    let calls = 0
    const hanging: typeof fetch = (_input, init) => {
      calls++
      return new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
      })
    }
    const h = harness([], { fetch: hanging, timeoutMs: 20, retry: { maxAttempts: 2 } })
    const error = await h.platform.accounts.get(1).catch((e) => e)
    expect(error).toBeInstanceOf(ChatwootTimeoutError)
    expect(error.timeoutMs).toBe(20)
    expect(calls).toBe(2)
  })

  it('a caller abort is not retried and surfaces as the abort reason', async () => {
    const controller = new AbortController()
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
      })
    const h = harness([], { fetch: hanging, timeoutMs: 5000 })
    const pending = h.platform.accounts.get(1, { signal: controller.signal }).catch((e) => e)
    controller.abort(new Error('caller gave up'))
    const error = await pending
    expect(error.message).toBe('caller gave up')
  })

  it('retry:false sends exactly once', async () => {
    const h = harness([{ status: 503 }])
    await expect(h.platform.accounts.create({ name: 'x' }, { retry: false })).rejects.toBeInstanceOf(
      ChatwootHttpError,
    )
    expect(h.calls).toHaveLength(1)
  })
})

describe('circuit breaker', () => {
  it('opens after N failures, rejects fast, half-opens after the cool-down and closes on success', async () => {
    const transitions: string[] = []
    const h = harness([{ status: 503 }, { status: 503 }, { status: 503 }], { retry: { maxAttempts: 1 } })
    const breaker = new CircuitBreaker('chatwoot', {
      store: h.store,
      failureThreshold: 3,
      cooldownMs: 30_000,
      now: () => h.clock.now,
      onStateChange: (_key, from, to) => transitions.push(`${from}->${to.status}`),
    })
    const platform = new PlatformClient({ ...h.options, breaker, platformToken: 'pt' })
    for (let i = 0; i < 3; i++)
      await expect(platform.accounts.get(1)).rejects.toBeInstanceOf(ChatwootHttpError)
    const state = h.store.get('chatwoot') as BreakerState
    expect(state.status).toBe('open')

    const open = await platform.accounts.get(1).catch((e) => e)
    expect(open).toBeInstanceOf(CircuitOpenError)
    expect(open.halfOpenAt).toBe(h.clock.now + 30_000)
    expect(h.calls).toHaveLength(3) // rejected without a request

    // An Application API client sharing the breaker is refused too.
    const account = new AccountClient({ ...h.options, breaker, accountId: 1, userToken: 'ut' })
    await expect(account.contacts.get(1)).rejects.toBeInstanceOf(CircuitOpenError)

    h.clock.now += 30_000
    await expect(platform.accounts.get(1)).resolves.toEqual({ id: 1, name: 'ok' })
    expect(h.store.get('chatwoot')).toEqual({ status: 'closed', failures: 0 })
    expect(transitions).toEqual(['closed->open', 'open->half_open', 'half_open->closed'])
  })

  it('a failed trial while half-open reopens at once', async () => {
    const h = harness([{ status: 500 }, { status: 500 }, { status: 500 }, new TypeError('refused')], {
      retry: { maxAttempts: 1 },
    })
    for (let i = 0; i < 3; i++) await h.platform.accounts.get(1).catch(() => {})
    h.clock.now += 30_000
    await expect(h.platform.accounts.get(1)).rejects.toBeInstanceOf(ChatwootNetworkError)
    const state = h.store.get('https://cw.example.com') as BreakerState
    expect(state.status).toBe('open')
    expect(state.halfOpenAt).toBe(h.clock.now + 30_000)
  })

  it('lets one trial through while half-open; a lost trial frees the way after the cool-down', async () => {
    const h = harness([{ status: 500 }, { status: 500 }, { status: 500 }], { retry: { maxAttempts: 1 } })
    for (let i = 0; i < 3; i++) await h.platform.accounts.get(1).catch(() => {})
    h.clock.now += 30_000
    const breaker = h.options.breaker as CircuitBreaker
    await breaker.beforeRequest() // a trial whose caller never reports back
    await expect(h.platform.accounts.get(1)).rejects.toBeInstanceOf(CircuitOpenError)
    expect(await breaker.refusedUntil()).toBe(h.clock.now + 30_000)
    h.clock.now += 30_000
    expect(await breaker.refusedUntil()).toBeUndefined()
    await expect(h.platform.accounts.get(1)).resolves.toBeDefined()
    expect((await breaker.state()).status).toBe('closed')
  })

  it('4xx answers do not count as failures and reset the count', async () => {
    const h = harness([{ status: 500 }, { status: 500 }, { status: 404 }, { status: 500 }, { status: 500 }], {
      retry: { maxAttempts: 1 },
    })
    for (let i = 0; i < 5; i++) await h.platform.accounts.get(1).catch(() => {})
    expect((h.store.get('https://cw.example.com') as BreakerState).status).toBe('closed')
  })

  it('without a breaker nothing is ever refused', async () => {
    const h = harness(Array(6).fill({ status: 503 }), { retry: { maxAttempts: 1 }, breaker: undefined })
    for (let i = 0; i < 5; i++)
      await expect(h.platform.accounts.get(1)).rejects.toBeInstanceOf(ChatwootHttpError)
    expect(h.calls).toHaveLength(5)
  })

  it('uses an injected async store (e.g. persisted in Postgres)', async () => {
    const saved = new Map<string, BreakerState>()
    const store = {
      get: async (k: string) => saved.get(k),
      set: async (k: string, s: BreakerState) => {
        saved.set(k, s)
      },
    }
    const h = harness([{ status: 503 }], { retry: { maxAttempts: 1 } })
    const platform = new PlatformClient({
      ...h.options,
      breaker: new CircuitBreaker('chatwoot', { store, failureThreshold: 1 }),
      platformToken: 'x',
    })
    await platform.accounts.get(1).catch(() => {})
    expect(saved.get('chatwoot')?.status).toBe('open')
  })
})
