import { spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ServerType, serve } from '@hono/node-server'
import { createClient, FunctionsHttpError, type SupabaseClient } from '@supabase/supabase-js'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { type DevstackConfig, loadConfig, repoRoot } from '../src/config.ts'
import {
  denoBinary,
  type FunctionsOptions,
  type FunctionsRuntime,
  functionsRoutes,
} from '../src/functions/index.ts'
import { signJwt } from '../src/jwt.ts'
import type { Stack } from '../src/stack.ts'
import { startTestStack } from '../src/testing.ts'

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
async function serveFunctions(root: string, options: FunctionsOptions = {}): Promise<Served> {
  let app: Hono | undefined
  const server: ServerType = await new Promise((resolve) => {
    const s = serve(
      {
        fetch: (req) => app?.fetch(req) ?? new Response(null, { status: 503 }),
        port: 0,
        hostname: '127.0.0.1',
        overrideGlobalObjects: false,
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
  app = new Hono().route('/functions/v1', runtime.app)
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
    await expect
      .poll(
        async () =>
          (await anon.functions.invoke<{ finished: boolean }>(`echo/wait-until?id=${id}`, { method: 'GET' }))
            .data?.finished,
        { message: 'the background task' },
      )
      .toBe(true)
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
    await expect
      .poll(async () => (await anon.functions.invoke('hot')).data?.version, {
        message: 'the edited function',
        timeout: 15_000,
      })
      .toBe('v2')
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

describe('supabase/functions/whoami on the whole devstack', () => {
  // The real stack: gateway, GoTrue subset, PostgREST and the schema's RLS, with the function in real Deno.
  let stack: Stack
  let anon: SupabaseClient

  beforeAll(async () => {
    stack = await startTestStack()
    anon = client(stack.env.SUPABASE_URL, stack.env.SUPABASE_ANON_KEY)
  })

  afterAll(async () => {
    await stack?.stop()
  })

  it('returns the signed-in caller and only their stores', async () => {
    const owner = client(stack.env.SUPABASE_URL, stack.env.SUPABASE_ANON_KEY)
    const email = `owner-${crypto.randomUUID()}@example.com`
    const { data: signUp, error: signUpError } = await owner.auth.signUp({ email, password: 'password-123' })
    expect(signUpError).toBeNull()
    const { data: store, error: storeError } = await owner.rpc('create_store', { p_name: 'Whoami Shop' })
    expect(storeError).toBeNull()

    const { data, error } = await owner.functions.invoke('whoami')
    expect(error).toBeNull()
    expect(data).toEqual({
      user: { id: signUp.user?.id, email, is_anonymous: false },
      stores: [{ id: store.id, name: 'Whoami Shop', slug: store.slug, role: 'owner' }],
    })

    const filtered = await owner.functions.invoke('whoami', { body: { store: 'no-such-store' } })
    expect(filtered.data.stores).toEqual([])

    // Someone else sees none of it.
    const visitor = client(stack.env.SUPABASE_URL, stack.env.SUPABASE_ANON_KEY)
    await visitor.auth.signInAnonymously()
    const other = await visitor.functions.invoke('whoami', { method: 'GET' })
    expect(other.error).toBeNull()
    expect(other.data).toMatchObject({ user: { email: null, is_anonymous: true }, stores: [] })
  })

  it('answers with clear JSON errors', async () => {
    // The anon key passes the router's JWT check, but it is nobody: not signed in.
    expect(await httpError((await anon.functions.invoke('whoami')).error)).toMatchObject({
      status: 401,
      body: { code: 'not_signed_in' },
    })
    const expired = await signJwt(
      { sub: crypto.randomUUID(), role: 'authenticated', exp: Math.floor(Date.now() / 1000) - 10 },
      stack.config.jwtSecret,
    )
    const refused = await anon.functions.invoke('whoami', { headers: { Authorization: `Bearer ${expired}` } })
    expect(await httpError(refused.error)).toEqual({ status: 401, body: { msg: 'Invalid JWT' } })

    const user = client(stack.env.SUPABASE_URL, stack.env.SUPABASE_ANON_KEY)
    await user.auth.signUp({
      email: `bad-input-${crypto.randomUUID()}@example.com`,
      password: 'password-123',
    })
    const invalid = await user.functions.invoke('whoami', { body: { store: 'Not A Slug!' } })
    expect(await httpError(invalid.error)).toMatchObject({ status: 400, body: { code: 'invalid_request' } })
    const notJson = await user.functions.invoke('whoami', {
      body: '{oops',
      headers: { 'Content-Type': 'application/json' },
    })
    expect(await httpError(notJson.error)).toMatchObject({ status: 400, body: { code: 'invalid_json' } })

    const preflight = await fetch(`${stack.env.FUNCTIONS_URL}/whoami`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'POST' },
    })
    expect(preflight.status).toBe(200)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
    expect(preflight.headers.get('access-control-allow-headers')).toContain('apikey')
  })
})

describe('supabase/functions type-check', () => {
  // Node's tsc never sees the Deno code: `deno check` is its type check (npm packages' own types included).
  // It runs on a copy of supabase/ alone, as `supabase functions deploy` bundles it: an import that reaches
  // outside (../../packages, another function's folder through a long path) fails here.
  it('passes deno check with nothing but supabase/', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'parley-deploy-'))
    try {
      cpSync(join(repoRoot, 'supabase'), join(copy, 'supabase'), {
        recursive: true,
        filter: (source) => !source.includes('node_modules'),
      })
      const dir = join(copy, 'supabase/functions')
      const files = readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && /^[A-Za-z][A-Za-z0-9_-]*$/.test(entry.name))
        .map((entry) => join(dir, entry.name, 'index.ts'))
        .filter((file) => existsSync(file))
      expect(files.length).toBeGreaterThan(0)
      const check = spawnSync(
        denoBinary(),
        [
          'check',
          '--no-config',
          '--no-lock',
          '--node-modules-dir=none',
          '--quiet',
          '--import-map',
          join(dir, 'import_map.json'),
          ...files,
        ],
        {
          cwd: copy,
          env: { ...process.env, DENO_DIR: denoDir, DENO_NO_PACKAGE_JSON: '1', NO_COLOR: '1' },
          encoding: 'utf8',
        },
      )
      expect(check.stderr + check.stdout).toBe('')
      expect(check.status).toBe(0)
    } finally {
      rmSync(copy, { recursive: true, force: true })
    }
  }, 180_000)

  it('pins each library once: import_map.json for Deno, the same versions in supabase/package.json for Node', () => {
    const read = (path: string) => JSON.parse(readFileSync(join(repoRoot, path), 'utf8'))
    const imports: Record<string, string> = read('supabase/functions/import_map.json').imports
    const node: Record<string, string> = read('supabase/package.json').dependencies
    // A subpath entry ('xstate/graph': 'npm:xstate@5.33.3/graph') points into its package at the same version.
    const subpaths = Object.entries(imports).filter(([name]) => /^(@[^/]+\/)?[^@/]+\/.+/.test(name))
    for (const [name, target] of subpaths) {
      const pkg = name.startsWith('@')
        ? name.split('/').slice(0, 2).join('/')
        : (name.split('/')[0] as string)
      expect(target, name).toBe(`npm:${pkg}@${node[pkg]}${name.slice(pkg.length)}`)
    }
    const deno = Object.fromEntries(
      Object.entries(imports)
        .filter(([name]) => !subpaths.some(([sub]) => sub === name))
        .map(([name, target]) => [name, target.replace(`npm:${name}@`, '')]),
    )
    expect(deno).toEqual(node)
    const functionsDir = join(repoRoot, 'supabase/functions')
    const direct = readdirSync(functionsDir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.includes('node_modules'))
      .filter((file) => /from '(npm|jsr|https?):/.test(readFileSync(join(functionsDir, file), 'utf8')))
    expect(direct).toEqual([])
  })
})
