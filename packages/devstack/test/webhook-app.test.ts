import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Stack } from '../src/stack.ts'
import { startTestStack, testDatabaseUrl } from '../src/testing.ts'
import { demoStore, type HandoffStack, startHandoffStack } from './fixtures/chatwoot-handoff.ts'

// The Webhook app through the real functions, dispatcher and database, against a receiver on this machine
// that checks signatures the way the README tells a store to: an owner connects with an endpoint and gets
// a signing secret once; "send a test" posts a signed ping; an automation's step posts the conversation;
// a receiver that fails then recovers gets the same X-Parley-Delivery twice and records one delivery; a
// refusal (410, 400) is dead with the status in words. A stack without the development switch refuses a
// private endpoint at connect.

const engines = [
  { name: 'PGlite', databaseUrl: undefined },
  ...(testDatabaseUrl ? [{ name: 'PostgreSQL', databaseUrl: testDatabaseUrl }] : []),
]
const owner = { email: 'demo@parley.dev', password: 'parley-demo-2026' }

/** The README's receiver check: HMAC-SHA256 of "<t>.<body>", at most 5 minutes old, compared in constant time. */
function verified(secret: string, header: string, body: string, now = Date.now()): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]))
  const t = Number(parts.t)
  if (!parts.v1 || !Number.isFinite(t) || Math.abs(now / 1000 - t) > 300) return false
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest()
  const given = Buffer.from(parts.v1, 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

interface Receiver {
  url: string
  secret: string
  /** What the next requests answer, in order; then 204. */
  answers: number[]
  requests: { delivery: string; body: Record<string, unknown>; verified: boolean; status: number }[]
  /** Deliveries acted on once (a replay of a recorded one is answered 200 and ignored). */
  delivered: Map<string, Record<string, unknown>>
  close(): Promise<void>
}

async function receiver(): Promise<Receiver> {
  const r = {
    secret: '',
    answers: [] as number[],
    requests: [] as Receiver['requests'],
    delivered: new Map<string, Record<string, unknown>>(),
  }
  const server = createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk) => {
      raw += chunk
    })
    req.on('end', () => {
      const delivery = String(req.headers['x-parley-delivery'])
      const ok = verified(r.secret, String(req.headers['x-parley-signature']), raw)
      const status = ok ? (r.answers.shift() ?? 204) : 401
      const body = JSON.parse(raw) as Record<string, unknown>
      r.requests.push({ delivery, body, verified: ok, status })
      if (status < 300 && !r.delivered.has(delivery)) r.delivered.set(delivery, body)
      res.writeHead(status).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return Object.assign(r, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/parley`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  })
}

describe.each(engines)('the Webhook app on $name', ({ databaseUrl }) => {
  let h: HandoffStack
  let hook: Receiver

  beforeAll(async () => {
    hook = await receiver()
    h = await startHandoffStack({ databaseUrl, delayScale: 0.01 })
  }, 120_000)
  afterAll(async () => {
    await h?.stop()
    await hook?.close()
  })

  const sql = async (text: string, params: unknown[] = []) => (await h.stack.db.pool.query(text, params)).rows
  async function signedIn() {
    const c = h.client()
    const { error } = await c.auth.signInWithPassword(owner)
    if (error) throw error
    return c
  }
  async function finished(topic: string, id?: number) {
    for (let i = 0; i < 40; i++) {
      await h.runOutbox()
      const [job] = await h.jobs(
        (j) => j.topic === topic && (id === undefined || j.id === id) && ['done', 'dead'].includes(j.status),
      )
      if (job) return job
    }
    throw new Error(`no ${topic} job finished`)
  }
  async function automationStep(url: string | null = null): Promise<{ job: number; run: string }> {
    const run = randomUUID()
    const { data, error } = await h.service.rpc('enqueue_outbox', {
      p_store_id: demoStore,
      p_topic: 'webhook.send',
      // What the "Send a webhook" step enqueues without a URL of its own (node.ts).
      p_payload: {
        store_id: demoStore,
        workflow_id: randomUUID(),
        run_id: run,
        step: 2,
        node_id: 'hook',
        session_id: null,
        contact_id: null,
        url,
        headers: {},
        body: { event: 'message.received', conversation: { id: 'c1', status: 'open' }, data: { note: 'hi' } },
      },
    })
    if (error) throw error
    return { job: Number(data), run }
  }

  it("before the app is connected, a step with its own URL (an older automation) signs with the store's automation secret", async () => {
    const [row] = await sql('select webhook_secret from public.automation_secrets where store_id = $1', [
      demoStore,
    ])
    hook.secret = row.webhook_secret
    const { job, run } = await automationStep(hook.url)
    expect((await finished('webhook.send', job)).status).toBe('done')
    expect(hook.requests).toEqual([expect.objectContaining({ verified: true, delivery: `${run}:2` })])
    // Without a URL of its own it needs the app.
    const bare = await automationStep()
    expect(await finished('webhook.send', bare.job)).toMatchObject({
      status: 'dead',
      last_error: expect.stringContaining('Webhook is not connected'),
    })
    hook.requests = []
  }, 60_000)

  it('an owner connects with the endpoint and gets the signing secret once, stored encrypted', async () => {
    const owner = await signedIn()
    const bad = await owner.functions.invoke('apps/connect', {
      body: { store_id: demoStore, app: 'webhook', settings: { endpoint_url: 'ftp://example.com/x' } },
    })
    expect(bad.error?.context.status).toBe(400)
    const { data, error } = await owner.functions.invoke('apps/connect', {
      body: { store_id: demoStore, app: 'webhook', settings: { endpoint_url: hook.url } },
    })
    if (error) throw error
    expect(data).toEqual({ connected: true, secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{40,}$/) })
    hook.secret = data.secret
    const [row] = await sql(`select status, config, credentials_encrypted from public.integrations
      where store_id = '${demoStore}' and provider = 'webhook'`)
    expect(row).toMatchObject({ status: 'connected', config: { endpoint_url: hook.url } })
    expect(row.credentials_encrypted).toMatch(/^v1\./)
    expect(row.credentials_encrypted).not.toContain(hook.secret)
    // The browser may read its store's connection, never the secret.
    const seen = await owner.from('integrations').select('status, config').eq('provider', 'webhook').single()
    expect(seen.data).toEqual({ status: 'connected', config: { endpoint_url: hook.url } })
    expect(JSON.stringify(seen.data)).not.toContain(hook.secret)
  }, 60_000)

  it('"send a test" posts a signed ping the receiver verifies, and the app shows healthy', async () => {
    const { error } = await (await signedIn()).functions.invoke('apps/test', {
      body: { store_id: demoStore, app: 'webhook' },
    })
    if (error) throw error
    expect((await finished('webhook.send_test')).status).toBe('done')
    expect(hook.requests).toEqual([
      expect.objectContaining({
        verified: true,
        status: 204,
        body: expect.objectContaining({ event: 'ping' }),
      }),
    ])
    const [row] = await sql(`select last_success_at, failing_since from public.integrations
      where store_id = '${demoStore}' and provider = 'webhook'`)
    expect(row.last_success_at).not.toBeNull()
    expect(row.failing_since).toBeNull()
  }, 60_000)

  it("an automation's step posts the conversation, signed with the app's secret", async () => {
    hook.requests = []
    const { job, run } = await automationStep()
    expect((await finished('webhook.send', job)).status).toBe('done')
    expect(hook.requests).toHaveLength(1)
    expect(hook.requests[0]).toMatchObject({
      verified: true,
      delivery: `${run}:2`,
      body: { delivery: `${run}:2`, run_id: run, event: 'message.received', data: { note: 'hi' } },
    })
  }, 60_000)

  it('a receiver failing then recovering gets the same delivery again and records it once', async () => {
    hook.requests = []
    hook.answers = [500, 200, 200]
    const { job, run } = await automationStep()
    expect((await finished('webhook.send', job)).status).toBe('done')
    expect(hook.requests.map((r) => [r.status, r.delivery, r.verified])).toEqual([
      [500, `${run}:2`, true],
      [200, `${run}:2`, true],
    ])
    expect([...hook.delivered.keys()].filter((d) => d === `${run}:2`)).toHaveLength(1)
    hook.answers = []
  }, 60_000)

  it('a refusal (410, 400) is dead with the status in words, and the app shows it failing', async () => {
    for (const [status, words] of [
      [410, 'Gone'],
      [400, 'Bad Request'],
    ] as const) {
      hook.requests = []
      hook.answers = [status]
      const { job } = await automationStep()
      const dead = await finished('webhook.send', job)
      expect(dead).toMatchObject({ status: 'dead', attempts: 1 })
      expect(dead.last_error).toBe(`Your endpoint refused the event: HTTP ${status} (${words})`)
      expect(hook.requests).toHaveLength(1)
    }
    const [row] = await sql(`select failing_since, last_error from public.integrations
      where store_id = '${demoStore}' and provider = 'webhook'`)
    expect(row.failing_since).not.toBeNull()
    expect(row.last_error).toMatch(/400/)
  }, 60_000)
})

describe('the Webhook app where private addresses are refused (as in production)', () => {
  let stack: Stack

  beforeAll(async () => {
    const envFile = join(mkdtempSync(join(tmpdir(), 'parley-webhook-app-')), 'functions.env')
    writeFileSync(envFile, `PARLEY_ENCRYPTION_KEY=${Buffer.alloc(32, 7).toString('base64')}\n`)
    stack = await startTestStack({ seed: true, functionsEnvFile: envFile, functionsEnv: {} })
  }, 120_000)
  afterAll(async () => {
    await stack?.stop()
  })

  it('refuses a private or plain-http endpoint at connect, in words, and stores nothing', async () => {
    const c = createClient(stack.env.SUPABASE_URL, stack.env.SUPABASE_ANON_KEY, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as never },
    })
    const { error } = await c.auth.signInWithPassword(owner)
    if (error) throw error
    for (const [endpoint, words] of [
      ['https://127.0.0.1:9/parley', '127.0.0.1 is not a public address'],
      ['https://169.254.169.254/latest', '169.254.169.254 is not a public address'],
      ['http://hooks.example.com/parley', 'must use https://'],
    ]) {
      const refused = await c.functions.invoke('apps/connect', {
        body: { store_id: demoStore, app: 'webhook', settings: { endpoint_url: endpoint } },
      })
      expect(refused.error?.context.status).toBe(400)
      const said = (await refused.error?.context.json()) as { message?: string } | undefined
      expect(said?.message).toContain(words)
    }
    const rows = await stack.db.pool.query(
      `select 1 from public.integrations where store_id = $1 and provider = 'webhook'`,
      [demoStore],
    )
    expect(rows.rows).toHaveLength(0)
  }, 60_000)
})
