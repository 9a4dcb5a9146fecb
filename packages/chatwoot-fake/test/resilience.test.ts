import {
  ChatwootHttpError,
  ChatwootNetworkError,
  ChatwootTimeoutError,
  CircuitBreaker,
  CircuitOpenError,
  installationStatus,
  MemoryBreakerStore,
  PlatformClient,
} from '@parley/supabase/chatwoot'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { contractViolations, type FakeChatwoot, startFakeChatwoot } from '../src/index.ts'
import { provision } from './helpers.ts'

let fake: FakeChatwoot
beforeEach(async () => {
  fake = await startFakeChatwoot()
})
afterEach(async () => {
  expect(contractViolations(fake.state).map((r) => `${r.method} ${r.path}: ${r.contractErrors}`)).toEqual([])
  await fake.stop()
})

/** Fake clock for backoff and breaker cool-down; HTTP itself is real. */
function clock() {
  const c = { now: Date.now(), sleeps: [] as number[] }
  return {
    c,
    now: () => c.now,
    sleep: async (ms: number) => {
      c.sleeps.push(ms)
      c.now += ms
    },
  }
}

describe('retries against the fake', () => {
  it('honours Retry-After on injected 429s, then succeeds', async () => {
    const t = clock()
    const { app } = await provision(fake, 'Rate limited', { now: t.now, sleep: t.sleep })
    const before = fake.state.requests.length
    fake.control.failNext(2, 429, { retryAfter: 7 })
    const result = await app.contacts.search('someone')
    expect(result.payload).toEqual([])
    expect(t.c.sleeps).toEqual([7000, 7000])
    const attempts = fake.state.requests.slice(before)
    expect(attempts.map((r) => r.status)).toEqual([429, 429, 200])
    expect(attempts.map((r) => r.path)).toEqual(Array(3).fill(attempts[0]?.path))
  })

  it('retries injected 503s with backoff and gives up after maxAttempts', async () => {
    const t = clock()
    const { app } = await provision(fake, 'Flaky', { now: t.now, sleep: t.sleep, retry: { maxAttempts: 3 } })
    fake.control.failNext(2, 503)
    await expect(app.contacts.search('x')).resolves.toBeDefined()
    expect(t.c.sleeps).toHaveLength(2)
    expect(t.c.sleeps[1]).toBeGreaterThan(t.c.sleeps[0] as number)
    fake.control.failNext(3, 503)
    const error = await app.contacts.search('x').catch((e) => e)
    expect(error).toBeInstanceOf(ChatwootHttpError)
    expect(error.status).toBe(503)
  })

  it('times out a slow answer and retries it', async () => {
    const { app } = await provision(fake, 'Slow', {
      timeoutMs: 100,
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    })
    fake.control.delay(400)
    const error = await app.contacts.search('x').catch((e) => e)
    expect(error).toBeInstanceOf(ChatwootTimeoutError)
    fake.control.delay(0)
    await expect(app.contacts.search('x')).resolves.toBeDefined()
  })
})

describe('circuit breaker while Chatwoot is down', () => {
  it('opens while down (connections refused), rejects fast, closes after up() and the cool-down', async () => {
    const t = clock()
    const store = new MemoryBreakerStore()
    const transitions: string[] = []
    const breaker = new CircuitBreaker(fake.url, {
      store,
      failureThreshold: 4,
      cooldownMs: 30_000,
      now: t.now,
      onStateChange: (_k, from, to) => transitions.push(`${from}->${to.status}`),
    })
    const { app, account } = await provision(fake, 'Outage', {
      now: t.now,
      sleep: t.sleep,
      retry: { maxAttempts: 2 },
      breaker,
    })
    await fake.control.down()
    await expect(app.contacts.search('x')).rejects.toBeInstanceOf(ChatwootNetworkError)
    await expect(app.contacts.search('x')).rejects.toBeInstanceOf(ChatwootNetworkError)
    const open = await app.contacts.search('x').catch((e) => e)
    expect(open).toBeInstanceOf(CircuitOpenError)
    expect(open.key).toBe(fake.url)
    expect(open.halfOpenAt).toBe(t.c.now + 30_000)

    // The Platform client sharing the breaker is rejected too.
    const platform = new PlatformClient({
      baseUrl: fake.url,
      platformToken: fake.platformToken,
      now: t.now,
      breaker,
    })
    await expect(platform.accounts.get(account.id)).rejects.toBeInstanceOf(CircuitOpenError)

    await fake.control.up()
    // Still open until the cool-down passes, even though Chatwoot is back.
    await expect(app.contacts.search('x')).rejects.toBeInstanceOf(CircuitOpenError)
    const before = fake.state.requests.length
    t.c.now += 30_000
    await expect(app.contacts.search('x')).resolves.toBeDefined()
    expect(fake.state.requests.length).toBe(before + 1)
    expect(store.get(fake.url)).toEqual({ status: 'closed', failures: 0 })
    expect(transitions).toEqual(['closed->open', 'open->half_open', 'half_open->closed'])
  })

  it('503 mode: the breaker counts 5xx answers as failures too', async () => {
    const t = clock()
    const { app } = await provision(fake, 'Maintenance', {
      now: t.now,
      sleep: t.sleep,
      retry: { maxAttempts: 1 },
      breaker: new CircuitBreaker(fake.url, { failureThreshold: 2, now: t.now }),
    })
    await fake.control.down('503')
    await expect(app.contacts.search('x')).rejects.toMatchObject({ status: 503 })
    await expect(app.contacts.search('x')).rejects.toMatchObject({ status: 503 })
    await expect(app.contacts.search('x')).rejects.toBeInstanceOf(CircuitOpenError)
    await fake.control.up()
  })
})

describe("the installation's status (GET /api, what a health check asks)", () => {
  it('answers without a token, and fails the way every other call does while Chatwoot is down', async () => {
    const options = { baseUrl: fake.url, timeoutMs: 2000, retry: { maxAttempts: 1 } }
    expect(await installationStatus(options)).toEqual({
      version: '4.14.2',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      queue_services: 'ok',
      data_services: 'ok',
    })
    const [request] = fake.state.requests.filter((r) => r.path === '/api')
    expect(request).toMatchObject({ operationId: 'x-installation-status', status: 200 })
    expect(request?.headers.api_access_token).toBeUndefined()

    await fake.control.down('503')
    await expect(installationStatus(options)).rejects.toMatchObject({ status: 503 })
    await fake.control.down()
    await expect(installationStatus(options)).rejects.toBeInstanceOf(ChatwootNetworkError)
    await fake.control.up()
    fake.control.delay(500)
    await expect(installationStatus({ ...options, timeoutMs: 100 })).rejects.toBeInstanceOf(
      ChatwootTimeoutError,
    )
    fake.control.delay(0)
  })
})
