import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Stack } from '../src/stack.ts'
import { startTestStack, testDatabaseUrl } from '../src/testing.ts'

// PostgREST through the devstack gateway, driven by the real supabase-js: reads and writes under RLS for
// every kind of caller, on the embedded engine and (in CI) on PostgreSQL.
const engines = [
  { name: 'PGlite', server: undefined },
  ...(testDatabaseUrl ? [{ name: 'PostgreSQL', server: testDatabaseUrl }] : []),
]

describe.each(engines)('PostgREST under RLS on $name', ({ server }) => {
  let stack: Stack
  let owner: SupabaseClient
  let agent: SupabaseClient
  let outsider: SupabaseClient
  let anon: SupabaseClient
  let service: SupabaseClient
  let storeId: string
  let otherStoreId: string

  const client = (key: string) =>
    createClient(stack.env.SUPABASE_URL, key, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as never },
    })
  const signedUp = async (email: string) => {
    const c = client(stack.env.SUPABASE_ANON_KEY)
    const { error } = await c.auth.signUp({ email, password: 'correct-horse-battery' })
    if (error) throw error
    return c
  }

  beforeAll(async () => {
    stack = await startTestStack({ databaseUrl: server })
    anon = client(stack.env.SUPABASE_ANON_KEY)
    service = client(stack.env.SUPABASE_SERVICE_ROLE_KEY)
    owner = await signedUp('owner@shop.test')
    agent = await signedUp('agent@shop.test')
    outsider = await signedUp('outsider@elsewhere.test')

    const store = await owner.rpc('create_store', { p_name: 'Trail Shop' }).single<{ id: string }>()
    if (store.error) throw store.error
    storeId = store.data.id
    const other = await outsider.rpc('create_store', { p_name: 'Other Shop' }).single<{ id: string }>()
    if (other.error) throw other.error
    otherStoreId = other.data.id

    const invite = await owner
      .from('invitations')
      .insert({ store_id: storeId, email: 'AGENT@shop.test', role: 'agent' })
      .select('token')
      .single<{ token: string }>()
    if (invite.error) throw invite.error
    const accepted = await agent.rpc('accept_invitation', { p_token: invite.data.token })
    if (accepted.error) throw accepted.error
  })
  afterAll(() => stack?.stop())

  it('shows members their own stores only, and nothing to outsiders or anon', async () => {
    const mine = await owner.from('stores').select('id, name')
    expect(mine.data).toEqual([{ id: storeId, name: 'Trail Shop' }])
    const agents = await agent.from('stores').select('id')
    expect(agents.data).toEqual([{ id: storeId }])
    const outsiders = await outsider.from('stores').select('id').eq('id', storeId)
    expect(outsiders.data).toEqual([])
    const anons = await anon.from('stores').select('id')
    expect(anons.data ?? []).toEqual([])
  })

  it('lets the owner write and refuses the same write to an agent', async () => {
    const renamed = await owner
      .from('stores')
      .update({ name: 'Trail Shop & Co' })
      .eq('id', storeId)
      .select('name')
    expect(renamed.data).toEqual([{ name: 'Trail Shop & Co' }])

    // RLS hides the row from the update: PostgREST reports zero rows changed, and nothing changes.
    const refused = await agent.from('stores').update({ name: 'Hijacked' }).eq('id', storeId).select('name')
    expect(refused.data).toEqual([])
    const after = await service.from('stores').select('name').eq('id', storeId).single()
    expect(after.data).toEqual({ name: 'Trail Shop & Co' })
  })

  it('refuses inserts that RLS forbids with a clear error, never a 500', async () => {
    const chatbot = await agent.from('chatbots').insert({ store_id: storeId, name: 'Sneaky bot' })
    expect(chatbot.status).toBeGreaterThanOrEqual(400)
    expect(chatbot.status).toBeLessThan(500)
    expect(chatbot.error?.code).toBe('42501')
    const crossTenant = await owner
      .from('chatbots')
      .insert({ store_id: otherStoreId, name: 'Cross-tenant bot' })
    expect(crossTenant.error?.code).toBe('42501')
    const ok = await owner
      .from('chatbots')
      .insert({ store_id: storeId, name: 'Helper' })
      .select('name')
      .single()
    expect(ok.data).toEqual({ name: 'Helper' })
  })

  it('answers a Retry on a job that is not failed, or not yours, with one 404 (never a 500)', async () => {
    // Creating the store enqueued its Chatwoot provisioning; no scheduler runs here, so it waits unfailed.
    const { rows } = await stack.db.pool.query(
      `select id from public.outbox where store_id = $1 and topic = 'chatwoot.provision_account'`,
      [storeId],
    )
    const jobId = rows[0].id as number
    const refusal = { code: 'PT404', message: `no failed job ${jobId} in your stores` }
    const notFailed = await owner.rpc('retry_outbox_job', { p_job_id: jobId })
    expect(notFailed.status).toBe(404)
    expect(notFailed.error).toMatchObject(refusal)

    await stack.db.pool.query(
      `update public.outbox set status = 'dead', last_error = 'refused' where id = $1`,
      [jobId],
    )
    for (const caller of [outsider, agent]) {
      const notYours = await caller.rpc('retry_outbox_job', { p_job_id: jobId })
      expect(notYours.status).toBe(404)
      expect(notYours.error).toMatchObject(refusal)
    }
    const retried = await owner.rpc('retry_outbox_job', { p_job_id: jobId })
    expect(retried.error).toBeNull()
    const { rows: after } = await stack.db.pool.query(
      'select status, last_error from public.outbox where id = $1',
      [jobId],
    )
    expect(after[0]).toEqual({ status: 'pending', last_error: null })
  })

  it('embeds related rows and counts, as PostgREST does', async () => {
    const members = await owner
      .from('memberships')
      .select('role, profile:profiles(email)', { count: 'exact' })
      .eq('store_id', storeId)
      .order('role')
    expect(members.count).toBe(2)
    // role is an enum: it sorts as declared (owner, admin, agent), not alphabetically.
    expect(members.data).toEqual([
      { role: 'owner', profile: { email: 'owner@shop.test' } },
      { role: 'agent', profile: { email: 'agent@shop.test' } },
    ])
  })

  it('lets the service role see every tenant', async () => {
    const all = await service.from('stores').select('id').in('id', [storeId, otherStoreId])
    expect(all.data).toHaveLength(2)
  })

  it('serves the OpenAPI root and answers browser preflights', async () => {
    const root = await fetch(`${stack.env.REST_URL}/`, { headers: { apikey: stack.env.SUPABASE_ANON_KEY } })
    expect(root.status).toBe(200)
    const spec = (await root.json()) as { swagger: string }
    expect(spec.swagger).toBe('2.0')

    const preflight = await fetch(`${stack.env.REST_URL}/stores`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:3000',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'apikey, authorization, content-type, prefer, x-client-info',
      },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
    expect(preflight.headers.get('access-control-allow-headers')).toContain('prefer')
  })

  it('lets any site call with a key, never with credentials (the origin is not reflected)', async () => {
    for (const path of ['/rest/v1/stores', '/auth/v1/settings', '/realtime/v1/api/broadcast']) {
      const evil = { origin: 'https://evil.example' }
      const preflight = await fetch(`${stack.env.SUPABASE_URL}${path}`, {
        method: 'OPTIONS',
        headers: { ...evil, 'access-control-request-method': 'POST' },
      })
      const get = await fetch(`${stack.env.SUPABASE_URL}${path}`, {
        headers: { ...evil, apikey: stack.env.SUPABASE_ANON_KEY },
      })
      for (const res of [preflight, get]) {
        expect(res.headers.get('access-control-allow-origin'), path).toBe('*')
        expect(res.headers.get('access-control-allow-credentials'), path).toBeNull()
      }
    }
  })

  it('answers 413 for a body over each service’s limit, before the service reads it (sent whole or chunked)', async () => {
    const key = stack.env.SUPABASE_ANON_KEY
    const chunked = (bytes: number) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let sent = 0; sent < bytes; sent += 65_536)
            controller.enqueue(new Uint8Array(Math.min(65_536, bytes - sent)))
          controller.close()
        },
      })
    for (const [path, limit] of [
      ['/rest/v1/rpc/widget_config', 2 * 1024 * 1024],
      ['/realtime/v1/api/broadcast', 256 * 1024],
      ['/functions/v1/whoami', 1024 * 1024],
      ['/auth/v1/signup', 64 * 1024],
    ] as const) {
      for (const body of [JSON.stringify({ p_public_id: 'x'.repeat(limit) }), chunked(limit + 1)]) {
        const res = await fetch(`${stack.env.SUPABASE_URL}${path}`, {
          method: 'POST',
          headers: { apikey: key, authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body,
          duplex: 'half',
        } as RequestInit)
        expect(res.status, path).toBe(413)
        expect(await res.json(), path).toMatchObject({
          code: 'request_entity_too_large',
          message: `Request body too large (max ${limit} bytes)`,
        })
      }
    }
  })

  it('refuses a request without any API key', async () => {
    const res = await fetch(`${stack.env.REST_URL}/stores`)
    expect(res.status).toBe(401)
  })
})
