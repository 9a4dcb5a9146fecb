import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { DetailedHealth, PublicHealth, StoreHealth } from '@parley/supabase/health'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { repoRoot } from '../src/config.ts'
import type { DevstackHealth } from '../src/health.ts'
import { signJwt } from '../src/jwt.ts'
import { testDatabaseUrl } from '../src/testing.ts'
import { demoStore, type HandoffStack, startHandoffStack } from './fixtures/chatwoot-handoff.ts'

// What each part is doing, as people ask it: the devstack's own GET /health; the `health` function's three
// views (anyone's words, the service role's details, a store member's store) and who gets which; Chatwoot
// reported unreachable, and its breaker open once jobs failed against it; a slow part that costs only its
// own timeout; and `devstack status` printing both.

const engines = [
  { name: 'PGlite', databaseUrl: undefined },
  ...(testDatabaseUrl ? [{ name: 'PostgreSQL', databaseUrl: testDatabaseUrl }] : []),
]
const demoPassword = 'parley-demo-2026'
const slow = { timeout: 60_000, interval: 250 }

describe.each(engines)('health on $name', ({ databaseUrl }) => {
  let h: HandoffStack
  let url: string

  beforeAll(async () => {
    h = await startHandoffStack({
      databaseUrl,
      delayScale: 0.01,
      env: [
        'HEALTH_CACHE_MS=100',
        'HEALTH_PROBE_TIMEOUT_MS=1500',
        // once open, the breaker stays open for the rest of the file
        'CHATWOOT_BREAKER_COOLDOWN_MS=600000',
      ],
    })
    url = h.stack.env.SUPABASE_URL
    // the seed's jobs (the demo store's provisioning, its handoff) run once: nothing waits or failed
    await vi.waitFor(async () => {
      await h.runOutbox()
      const busy = await h.jobs((j) => j.status !== 'done')
      expect(busy.map((j) => `${j.topic}: ${j.status} ${j.last_error ?? ''}`)).toEqual([])
    }, slow)
  }, 180_000)
  afterAll(async () => {
    await h?.stop()
  })

  const health = async <T>(query = '', headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}/functions/v1/health${query}`, { headers })
    return { status: response.status, headers: response.headers, body: (await response.json()) as T }
  }
  const serviceKey = () => ({ Authorization: `Bearer ${h.stack.env.SUPABASE_SERVICE_ROLE_KEY}` })
  async function signedIn(email: string) {
    const client = h.client()
    const { data, error } = await client.auth.signInWithPassword({ email, password: demoPassword })
    if (error) throw error
    return { Authorization: `Bearer ${data.session.access_token}` }
  }

  it("the devstack's GET /health names each of its parts", async () => {
    const response = await fetch(`${url}/health`)
    expect(response.status).toBe(200)
    const report = (await response.json()) as DevstackHealth
    expect(report.engine).toBe(databaseUrl ? 'postgres' : 'pglite')
    expect(Object.keys(report.parts)).toEqual([
      'database',
      'rest',
      'auth',
      'realtime',
      'functions',
      'scheduler',
    ])
    for (const part of ['database', 'rest', 'auth', 'realtime'] as const)
      expect(report.parts[part], part).toMatchObject({ status: 'ok', latency_ms: expect.any(Number) })
    expect(report.parts.functions.status).toBe('ok')
    expect(report.parts.functions.workers?.outbox?.state).toBe('ready')
    expect(report.parts.realtime).toMatchObject({ listening: true, backlog: expect.any(Number) })
    // the test stack runs without the scheduler, and says what that means
    expect(report.parts.scheduler).toMatchObject({ status: 'degraded', enabled: false })
    expect(report.parts.scheduler.detail).toMatch(/jobs run only when something calls the outbox function/)
    expect(report.status).toBe('degraded')
  })

  it("anyone's view is a word per part, cacheable for a few seconds, without a key", async () => {
    const { status, headers, body } = await vi.waitFor(async () => {
      const answer = await health<PublicHealth>()
      expect(answer.body.status).toBe('ok')
      return answer
    }, slow)
    expect(status).toBe(200)
    expect(body).toEqual({
      view: 'public',
      status: 'ok',
      checked_at: expect.any(String),
      parts: {
        database: 'ok',
        rest: 'ok',
        auth: 'ok',
        realtime: 'ok',
        functions: 'ok',
        outbox: 'ok',
        chatwoot: 'ok',
      },
    })
    expect(headers.get('cache-control')).toBe('public, max-age=5')
    expect(headers.get('vary')).toMatch(/authorization/i)
    // the anon key and a forged "service_role" token get the same words, nothing more
    const forged = await signJwt({ role: 'service_role' }, 'not-the-secret-not-the-secret-not-the-secret')
    const anyone: Record<string, string>[] = [
      { apikey: h.stack.env.SUPABASE_ANON_KEY },
      { Authorization: `Bearer ${forged}` },
    ]
    for (const headers of anyone) expect((await health<PublicHealth>('', headers)).body.view).toBe('public')
  })

  it('the service key sees every part with its latency, the outbox per destination and Chatwoot', async () => {
    const { status, headers, body } = await health<DetailedHealth>('', serviceKey())
    expect(status).toBe(200)
    expect(headers.get('cache-control')).toBe('private, no-store')
    expect(body.view).toBe('service')
    expect(body.parts.database).toMatchObject({ status: 'ok', latency_ms: expect.any(Number) })
    expect(body.parts.auth.version).toBeTruthy()
    expect(body.parts.functions.functions).toEqual({
      chat: 'ok',
      outbox: 'ok',
      'chatwoot-webhook-handler': 'ok',
    })
    // every destination a job names (Chatwoot, the automations' own database and webhook jobs...)
    expect(body.parts.outbox.destinations).toContainEqual({
      destination: 'chatwoot',
      backlog: 0,
      oldest_due_at: null,
      oldest_due_seconds: null,
      dead: 0,
      last_error: null,
      breaker: expect.objectContaining({ status: 'closed' }),
    })
    expect(body.parts.outbox.destinations.every((d: { backlog: number }) => d.backlog === 0)).toBe(true)
    expect(body.parts.chatwoot).toMatchObject({
      status: 'ok',
      url: h.fake.url,
      version: '4.14.2',
      latency_ms: expect.any(Number),
    })
  })

  it('a store: its members see it (owners and admins with its jobs), nobody else does', async () => {
    const owner = await signedIn('demo@parley.dev')
    const agent = await signedIn('agent@parley.dev')
    const visitor = h.client()
    const { data: anonymous } = await visitor.auth.signInAnonymously()
    const stranger = h.client()
    const { data: other } = await stranger.auth.signUp({
      email: `other-${randomUUID().slice(0, 8)}@example.com`,
      password: demoPassword,
    })
    const { data: otherStore } = await stranger
      .rpc('create_store', { p_name: 'Another shop' })
      .single<{ id: string }>()
    const bearer = (token: string | undefined) => ({ Authorization: `Bearer ${token}` })
    const store = `?store=${demoStore}`

    const owners = await health<StoreHealth>(store, owner)
    expect(owners.status).toBe(200)
    expect(owners.headers.get('cache-control')).toBe('private, no-store')
    expect(owners.body).toMatchObject({
      view: 'store',
      parts: { database: 'ok', chatwoot: 'ok' },
      store: {
        id: demoStore,
        role: 'owner',
        chatwoot: { status: 'ok', account_status: 'active', reachable: 'ok', paused_until: null },
        jobs: { status: 'ok', backlog: 0, failing: 0, dead: 0, oldest_due_seconds: null },
      },
    })
    expect(JSON.stringify(owners.body)).not.toContain(h.fake.url) // no URLs, latencies or errors of the platform

    const agents = await health<StoreHealth>(store, agent)
    expect(agents.status).toBe(200)
    expect(agents.body.store).toMatchObject({
      role: 'agent',
      chatwoot: { account_status: 'active' },
      jobs: null,
    })

    expect((await health<StoreHealth>(store, serviceKey())).body.store).toMatchObject({
      role: null,
      jobs: { dead: 0 },
    })
    expect((await health(store, bearer(other.session?.access_token))).status).toBe(404)
    expect((await health(`?store=${otherStore?.id}`, bearer(other.session?.access_token))).status).toBe(200)
    expect((await health(store, bearer(anonymous.session?.access_token))).body).toMatchObject({
      code: 'store_not_found',
    })
    const anon: Record<string, string>[] = [
      {},
      { apikey: h.stack.env.SUPABASE_ANON_KEY },
      { Authorization: `Bearer ${h.stack.env.SUPABASE_ANON_KEY}` },
    ]
    for (const headers of anon)
      expect(await health(store, headers)).toMatchObject({ status: 401, body: { code: 'not_signed_in' } })
    expect(
      (
        await health(
          store,
          bearer(await signJwt({ role: 'authenticated' }, 'wrong-secret-wrong-secret-wrong-secret')),
        )
      ).status,
    ).toBe(401)
    expect(await health('?store=acme', owner)).toMatchObject({
      status: 400,
      body: { code: 'invalid_request' },
    })
    const post = await fetch(`${url}/functions/v1/health`, { method: 'POST', headers: owner })
    expect(post.status).toBe(405)
  })

  it("`devstack status` prints the devstack's parts and Parley's", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(repoRoot, 'packages/devstack/bin/devstack.mjs'), 'status'],
      { env: { ...process.env, DEVSTACK_API_PORT: String(h.stack.config.apiPort) } },
    )
    expect(stdout).toContain(`API URL: ${url}`)
    expect(stdout).toMatch(/^devstack \(GET \/health\): degraded$/m)
    expect(stdout).toMatch(/^ {2}scheduler +degraded/m)
    expect(stdout).toMatch(/^Parley \(GET \/functions\/v1\/health, service role\): ok$/m)
    expect(stdout).toMatch(/^ {2}chatwoot +ok .*4\.14\.2/m)
    expect(stdout).toMatch(/^ {2}outbox +ok .*chatwoot: backlog \d+, dead 0, breaker closed/m)
  })

  it('a slow Chatwoot costs its own probe timeout, never the whole answer', async () => {
    h.fake.control.delay(30_000)
    try {
      const { body } = await vi.waitFor(async () => {
        const answer = await health<DetailedHealth>('', serviceKey())
        expect(answer.body.parts.chatwoot.status).toBe('down')
        return answer
      }, slow)
      expect(body.parts.chatwoot.detail).toBe('Chatwoot did not answer within 1500 ms')
      expect(body.parts.database.status).toBe('ok')
      expect(body.status).toBe('degraded')
    } finally {
      h.fake.control.delay(0)
    }
  })

  it('Chatwoot down: reported unreachable, and once jobs fail against it, its breaker open', async () => {
    await h.fake.control.down()
    try {
      await vi.waitFor(async () => {
        const { body } = await health<DetailedHealth>('', serviceKey())
        expect(body.parts.chatwoot).toMatchObject({ status: 'down', breaker: { status: 'closed' } })
        expect(body.parts.chatwoot.detail).toMatch(/^Chatwoot could not be reached: /)
      }, slow)
      // visitors' contacts keep changing: each sync fails against Chatwoot until the breaker opens
      for (let i = 0; i < 6; i++)
        await h.stack.db.pool.query(
          `insert into public.contacts (store_id, email, name) values ($1, $2, 'Down Dana')`,
          [demoStore, `down-${i}-${randomUUID().slice(0, 8)}@example.com`],
        )
      const { body } = await vi.waitFor(async () => {
        await h.runOutbox()
        const answer = await health<DetailedHealth>('', serviceKey())
        expect(answer.body.parts.chatwoot.breaker?.status).toBe('open')
        return answer
      }, slow)
      expect(body.parts.chatwoot.status).toBe('down')
      expect(body.parts.chatwoot.breaker?.retry_at).toEqual(expect.any(String))
      const chatwoot = body.parts.outbox.destinations.find(
        (d: { destination: string }) => d.destination === 'chatwoot',
      )
      expect(chatwoot?.backlog).toBeGreaterThan(0)
      expect(chatwoot?.last_error).toMatch(/^Chatwoot (could not be reached|is not answering)/)
      expect(body.parts.outbox.status).toBe('degraded')
      expect(body.parts.outbox.detail).toMatch(/chatwoot: jobs are held back by the circuit breaker until /)
      // not a core part: the platform is degraded, not down, and monitors get 200
      expect(await health<PublicHealth>()).toMatchObject({
        status: 200,
        body: { status: 'degraded', parts: { chatwoot: 'down', outbox: 'degraded', database: 'ok' } },
      })
      const owners = await health<StoreHealth>(`?store=${demoStore}`, await signedIn('demo@parley.dev'))
      expect(owners.body.store.chatwoot).toMatchObject({
        status: 'down',
        account_status: 'active',
        reachable: 'down',
        paused_until: body.parts.chatwoot.breaker?.retry_at,
      })
      expect(owners.body.store.jobs?.backlog).toBeGreaterThan(0)
    } finally {
      await h.fake.control.up()
    }
    // back: Chatwoot answers, and its jobs stay held back until the breaker lets a trial through
    await vi.waitFor(async () => {
      const { body } = await health<DetailedHealth>('', serviceKey())
      expect(body.parts.chatwoot.status).toBe('degraded')
      expect(body.parts.chatwoot.detail).toMatch(/^Chatwoot answers again; its jobs are held back until /)
    }, slow)
  })
})
