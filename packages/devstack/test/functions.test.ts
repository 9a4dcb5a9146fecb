import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ServerType, serve } from '@hono/node-server'
import { createClient, FunctionsHttpError, type SupabaseClient } from '@supabase/supabase-js'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { type DevstackConfig, loadConfig, repoRoot } from '../src/config.ts'
import { type FunctionsOptions, type FunctionsRuntime, functionsRoutes } from '../src/functions/index.ts'
import { signJwt } from '../src/jwt.ts'
import { waitFor } from '../src/net.ts'

// Shared with the devstack so npm packages (supabase-js for whoami) are downloaded once.
const denoDir = join(repoRoot, '.data/deno')
const fixture = join(import.meta.dirname, 'fixtures/functions')

interface Served {
  url: string
  config: DevstackConfig
  runtime: FunctionsRuntime
  logs: string[]
  close(): Promise<void>
}

/**
 * Mounts the runner under /functions/v1 as the gateway does, on a free port. The port is known before the
 * config is loaded, so SUPABASE_URL inside the functions points back at this server.
 */
async function serveFunctions(
  root: string,
  options: FunctionsOptions = {},
  extra?: (app: Hono) => void,
): Promise<Served> {
  let app: Hono | undefined
  const server: ServerType = await new Promise((resolve) => {
    const s = serve(
      {
        fetch: (req) => app?.fetch(req) ?? new Response(null, { status: 503 }),
        port: 0,
        hostname: '127.0.0.1',
      },
      () => resolve(s),
    )
  })
  const port = (server.address() as AddressInfo).port
  const config = loadConfig({ root, apiPort: port })
  const logs: string[] = []
  const runtime = functionsRoutes(
    { config, dbUrl: 'postgresql://postgres:postgres@127.0.0.1:1/postgres' },
    { denoDir, log: (slug, line) => logs.push(`${slug}: ${line}`), ...options },
  )
  app = new Hono()
  extra?.(app)
  app.route('/functions/v1', runtime.app)
  return {
    url: config.apiUrl,
    config,
    runtime,
    logs,
    async close() {
      await runtime.stop()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        if ('closeAllConnections' in server) server.closeAllConnections()
      })
    },
  }
}

const client = (url: string, key: string): SupabaseClient =>
  createClient(url, key, { realtime: { transport: WebSocket as never }, auth: { persistSession: false } })

async function httpError(error: unknown): Promise<{ status: number; body: unknown }> {
  expect(error).toBeInstanceOf(FunctionsHttpError)
  const response = (error as FunctionsHttpError).context as Response
  return { status: response.status, body: await response.json() }
}

interface Echo {
  pid: number
  method: string
  path: string
  query: Record<string, string>
  headers: Record<string, string>
  body: string
  bodyLength: number
  env: {
    present: Record<string, boolean>
    names: string[]
    supabaseUrl: string
    anonKeyIsApikey: boolean
    publishableKeys: string[]
    secretKeys: string[]
    fromDotEnv: string | undefined
  }
}

describe('edge functions runner (fixture project)', () => {
  let root: string
  let stack: Served
  let anon: SupabaseClient

  beforeAll(async () => {
    // A scratch copy: the tests write .env and edit a function, never the repository.
    root = mkdtempSync(join(tmpdir(), 'functions-test-'))
    cpSync(fixture, root, { recursive: true })
    writeFileSync(
      join(root, 'supabase/functions/.env'),
      'FIXTURE_GREETING=hello\nSUPABASE_URL=http://evil.example\n',
    )
    process.env.DEVSTACK_TEST_LEAK = 'must not reach functions'
    stack = await serveFunctions(root)
    anon = client(stack.url, stack.config.anonKey)
  })

  afterAll(async () => {
    await stack?.close()
    delete process.env.DEVSTACK_TEST_LEAK
    rmSync(root, { recursive: true, force: true })
  })

  it('invokes a Deno.serve function with the anon key, with the Supabase environment', async () => {
    const { data, error } = await anon.functions.invoke<Echo>('echo', { body: { hello: 'world' } })
    expect(error).toBeNull()
    expect(data?.method).toBe('POST')
    expect(data?.path).toBe('/echo')
    expect(JSON.parse(data?.body ?? '')).toEqual({ hello: 'world' })
    expect(data?.headers['content-type']).toBe('application/json')
    expect(data?.env.present).toEqual({
      SUPABASE_URL: true,
      SUPABASE_ANON_KEY: true,
      SUPABASE_SERVICE_ROLE_KEY: true,
      SUPABASE_DB_URL: true,
      SUPABASE_PUBLISHABLE_KEYS: true,
      SUPABASE_SECRET_KEYS: true,
    })
    expect(data?.env.supabaseUrl).toBe(stack.url)
    expect(data?.env.anonKeyIsApikey).toBe(true)
    expect(data?.env.publishableKeys).toEqual(['default'])
    expect(data?.env.secretKeys).toEqual(['default'])
    // .env is loaded, but cannot override what the platform provides; the devstack's own env stays out.
    expect(data?.env.fromDotEnv).toBe('hello')
    expect(data?.env.names).not.toContain('DEVSTACK_TEST_LEAK')
    expect(data?.env.names).not.toContain('VITEST')
  })

  it("passes a signed-in user's JWT through to the function", async () => {
    const token = await signJwt(
      {
        sub: crypto.randomUUID(),
        role: 'authenticated',
        aud: 'authenticated',
        exp: Math.floor(Date.now() / 1000) + 600,
      },
      stack.config.jwtSecret,
    )
    const { data, error } = await anon.functions.invoke<Echo>('echo', {
      headers: { Authorization: `Bearer ${token}` },
    })
    expect(error).toBeNull()
    expect(data?.headers.authorization).toBe(`Bearer ${token}`)
  })

  it('refuses expired and foreign JWTs with 401 Invalid JWT', async () => {
    const claims = { sub: crypto.randomUUID(), role: 'authenticated', aud: 'authenticated' }
    const expired = await signJwt(
      { ...claims, exp: Math.floor(Date.now() / 1000) - 60 },
      stack.config.jwtSecret,
    )
    const foreign = await signJwt({ ...claims, exp: Math.floor(Date.now() / 1000) + 600 }, 'x'.repeat(40))
    for (const token of [expired, foreign, 'not-a-jwt']) {
      const { data, error } = await anon.functions.invoke('echo', {
        headers: { Authorization: `Bearer ${token}` },
      })
      expect(data).toBeNull()
      expect(await httpError(error)).toEqual({ status: 401, body: { msg: 'Invalid JWT' } })
    }
  })

  it('needs an Authorization header only where verify_jwt is on', async () => {
    const missing = await fetch(`${stack.url}/functions/v1/echo`, { method: 'POST' })
    expect(missing.status).toBe(401)
    expect(await missing.json()).toEqual({ msg: 'Error: Missing authorization header' })
    const basic = await fetch(`${stack.url}/functions/v1/echo`, { headers: { Authorization: 'Basic abc' } })
    expect(basic.status).toBe(401)

    // verify_jwt = false, and written as `export default { fetch }`.
    const open = await fetch(`${stack.url}/functions/v1/public-echo/hook?from=stripe`, {
      method: 'POST',
      body: 'raw webhook payload',
    })
    expect(open.status).toBe(200)
    const echo = (await open.json()) as Echo
    expect(echo).toMatchObject({
      path: '/public-echo/hook',
      query: { from: 'stripe' },
      body: 'raw webhook payload',
    })
    expect(echo.headers.authorization).toBeUndefined()
  })

  it('passes method, sub-path, query, headers and body through', async () => {
    const { data, error } = await anon.functions.invoke<Echo>('echo/items/42?sort=desc&tag=a%20b', {
      method: 'PUT',
      body: 'plain text',
      headers: { 'x-custom': 'yes' },
    })
    expect(error).toBeNull()
    expect(data).toMatchObject({
      method: 'PUT',
      path: '/echo/items/42',
      query: { sort: 'desc', tag: 'a b' },
      body: 'plain text',
    })
    expect(data?.headers['x-custom']).toBe('yes')
    expect(data?.headers['content-type']).toBe('text/plain')

    const { data: deleted } = await anon.functions.invoke<Echo>('echo', { method: 'DELETE' })
    expect(deleted?.method).toBe('DELETE')
  })

  it('streams request and response bodies', async () => {
    const chunk = new Uint8Array(64 * 1024).fill(97)
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 16) return controller.close()
        sent++
        controller.enqueue(chunk)
      },
    })
    const response = await fetch(`${stack.url}/functions/v1/public-echo/upload`, {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit)
    expect(((await response.json()) as Echo).bodyLength).toBe(16 * chunk.length)

    const streamed = await fetch(`${stack.url}/functions/v1/public-echo/stream`)
    expect(await streamed.text()).toBe('one two three')
  })

  it('answers 404 Function not found for unknown or invalid names', async () => {
    for (const name of ['nope', '_shared', '1abc', '..%2F..%2Fetc']) {
      const response = await fetch(`${stack.url}/functions/v1/${name}`, {
        headers: { Authorization: `Bearer ${stack.config.anonKey}` },
      })
      expect(response.status, name).toBe(404)
      expect(await response.json()).toEqual({ msg: 'Function not found' })
    }
    const { error } = await anon.functions.invoke('does-not-exist')
    expect((await httpError(error)).status).toBe(404)
  })

  it('reports a function that cannot boot as 503 BOOT_ERROR', async () => {
    const { error } = await anon.functions.invoke('boot-error')
    const { status, body } = await httpError(error)
    expect(status).toBe(503)
    expect(body).toMatchObject({ code: 'BOOT_ERROR' })
    expect((body as { message: string }).message).toContain('boom while booting')

    const silent = await httpError((await anon.functions.invoke('no-handler')).error)
    expect(silent.status).toBe(503)
    expect((silent.body as { message: string }).message).toContain('neither called Deno.serve')
  })

  it('lets OPTIONS through to the function without a JWT', async () => {
    const response = await fetch(`${stack.url}/functions/v1/echo`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'POST' },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('x-preflight')).toBe('function')
    expect(await response.text()).toBe('ok')
  })

  it('runs EdgeRuntime.waitUntil tasks after the response', async () => {
    const id = crypto.randomUUID()
    const { data, error } = await anon.functions.invoke(`echo/wait-until?id=${id}`)
    expect(error).toBeNull()
    expect(data).toEqual({ scheduled: id })
    await waitFor(
      'the background task',
      async () => {
        const res = await anon.functions.invoke<{ finished: boolean }>(`echo/wait-until?id=${id}`, {
          method: 'GET',
        })
        return res.data?.finished === true
      },
      10_000,
    )
  })

  it('turns a crash mid-request into 500 WORKER_ERROR and restarts the worker', async () => {
    const crashed = await httpError((await anon.functions.invoke('echo/exit')).error)
    expect(crashed).toMatchObject({ status: 500, body: { code: 'WORKER_ERROR' } })
    const thrown = await httpError((await anon.functions.invoke('echo/throw')).error)
    expect(thrown).toMatchObject({ status: 500, body: { code: 'WORKER_ERROR' } })

    const { data, error } = await anon.functions.invoke<Echo>('echo', { body: 'again' })
    expect(error).toBeNull()
    expect(data?.body).toBe('again')
  })

  it('boots one warm worker per function, shared by concurrent requests', async () => {
    const dir = join(root, 'supabase/functions/concurrent')
    mkdirSync(dir)
    writeFileSync(join(dir, 'index.ts'), "export { default } from '../public-echo/index.ts'\n")
    const replies = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        anon.functions.invoke<Echo>('concurrent', { body: `request ${i}` }),
      ),
    )
    expect(replies.map((reply) => reply.data?.body)).toEqual([0, 1, 2, 3, 4].map((i) => `request ${i}`))
    expect(new Set(replies.map((reply) => reply.data?.pid)).size).toBe(1)
    const again = await anon.functions.invoke<Echo>('concurrent')
    expect(again.data?.pid).toBe(replies[0]?.data?.pid)
  })

  it('restarts a function when its files change', async () => {
    const dir = join(root, 'supabase/functions/hot')
    mkdirSync(dir)
    const write = (version: string) =>
      writeFileSync(
        join(dir, 'index.ts'),
        `export default { fetch: () => Response.json({ version: '${version}' }) }\n`,
      )
    write('v1')
    expect((await anon.functions.invoke('hot')).data).toEqual({ version: 'v1' })
    write('v2')
    await waitFor(
      'the edited function',
      async () => (await anon.functions.invoke('hot')).data?.version === 'v2',
      15_000,
    )
  })

  it('stops a request at the wall-clock limit with 546 WORKER_LIMIT', async () => {
    const limited = await serveFunctions(root, { wallClockMs: 500, watch: false })
    try {
      const response = await fetch(`${limited.url}/functions/v1/public-echo/hang`)
      expect(response.status).toBe(546)
      expect(await response.json()).toMatchObject({ code: 'WORKER_LIMIT' })
    } finally {
      await limited.close()
    }
  })
})

describe('supabase/functions/whoami', () => {
  // The auth and data layers are stubbed here (the schema is tested elsewhere): this checks that the real
  // function, run by the real Deno with the real supabase-js, forwards the caller's JWT and shapes its answer.
  const userId = crypto.randomUUID()
  const seen: { auth?: string | undefined; rest?: string | undefined; query?: string } = {}
  let stack: Served
  let userToken: string

  beforeAll(async () => {
    stack = await serveFunctions(repoRoot, { watch: false }, (app) => {
      app.get('/auth/v1/user', (c) => {
        seen.auth = c.req.header('authorization')
        if (seen.auth !== `Bearer ${userToken}`)
          return c.json({ code: 403, error_code: 'bad_jwt', msg: 'invalid claim: missing sub claim' }, 403)
        return c.json({
          id: userId,
          aud: 'authenticated',
          role: 'authenticated',
          email: 'ada@example.com',
          is_anonymous: false,
        })
      })
      app.get('/rest/v1/memberships', (c) => {
        seen.rest = c.req.header('authorization')
        seen.query = new URL(c.req.url).search
        return c.json([
          { role: 'owner', store: { id: 's1', name: 'Ada Shop', slug: 'ada-shop' } },
          { role: 'agent', store: { id: 's2', name: 'Bob Books', slug: 'bob-books' } },
        ])
      })
    })
    userToken = await signJwt(
      { sub: userId, role: 'authenticated', aud: 'authenticated', exp: Math.floor(Date.now() / 1000) + 600 },
      stack.config.jwtSecret,
    )
  })

  afterAll(async () => {
    await stack?.close()
  })

  it('returns the caller and their stores, querying as the caller', async () => {
    const supabase = client(stack.url, stack.config.anonKey)
    const { data, error } = await supabase.functions.invoke('whoami', {
      headers: { Authorization: `Bearer ${userToken}` },
    })
    expect(error).toBeNull()
    expect(data).toEqual({
      user: { id: userId, email: 'ada@example.com', is_anonymous: false },
      stores: [
        { id: 's1', name: 'Ada Shop', slug: 'ada-shop', role: 'owner' },
        { id: 's2', name: 'Bob Books', slug: 'bob-books', role: 'agent' },
      ],
    })
    expect(seen.auth).toBe(`Bearer ${userToken}`)
    expect(seen.rest).toBe(`Bearer ${userToken}`)
    expect(decodeURIComponent(seen.query ?? '')).toContain('select=role,store:stores(id,name,slug)')
    expect(seen.query).toContain(`user_id=eq.${userId}`)

    const filtered = await supabase.functions.invoke('whoami', {
      headers: { Authorization: `Bearer ${userToken}` },
      body: { store: 'bob-books' },
    })
    expect(filtered.data.stores).toEqual([{ id: 's2', name: 'Bob Books', slug: 'bob-books', role: 'agent' }])
  })

  it('answers with clear JSON errors', async () => {
    const supabase = client(stack.url, stack.config.anonKey)
    // The anon key is a valid JWT for the router, but it is nobody: not signed in.
    const anonymous = await httpError((await supabase.functions.invoke('whoami')).error)
    expect(anonymous).toMatchObject({ status: 401, body: { code: 'not_signed_in' } })

    const invalid = await supabase.functions.invoke('whoami', {
      headers: { Authorization: `Bearer ${userToken}` },
      body: { store: 'Not A Slug!' },
    })
    expect(await httpError(invalid.error)).toMatchObject({ status: 400, body: { code: 'invalid_request' } })

    const preflight = await fetch(`${stack.url}/functions/v1/whoami`, { method: 'OPTIONS' })
    expect(preflight.status).toBe(200)
    expect(preflight.headers.get('access-control-allow-headers')).toContain('apikey')
  })
})
