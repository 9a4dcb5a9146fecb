import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Stack } from '../src/stack.ts'
import { startTestStack, testDatabaseUrl } from '../src/testing.ts'

// Stores per account through PostgREST with the real supabase-js: create_store stops at the person's limit
// (each store provisions a Chatwoot account), even when the requests race, answers 403 `store_limit` with
// a readable message, and the refusal stays in audit_log.
const engines = [
  { name: 'PGlite', server: undefined },
  ...(testDatabaseUrl ? [{ name: 'PostgreSQL', server: testDatabaseUrl }] : []),
]

describe.each(engines)('stores per account on $name', ({ server }) => {
  let stack: Stack
  let owner: SupabaseClient
  let ownerId: string

  const client = (key: string) =>
    createClient(stack.env.SUPABASE_URL, key, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as never },
    })

  beforeAll(async () => {
    stack = await startTestStack({ databaseUrl: server })
    owner = client(stack.env.SUPABASE_ANON_KEY)
    const { data, error } = await owner.auth.signUp({ email: 'many@shops.test', password: 'correct-horse-1' })
    if (error) throw error
    ownerId = data.user?.id as string
  })
  afterAll(() => stack?.stop())

  it('creates up to the limit, even when eight requests race, and refuses the rest with 403', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, i) => owner.rpc('create_store', { p_name: `Shop ${i}` })),
    )
    const created = attempts.filter((a) => !a.error)
    const refused = attempts.filter((a) => a.error)
    expect(created).toHaveLength(3)
    for (const a of created)
      expect(a.data).toMatchObject({ id: expect.any(String), name: expect.any(String) })
    expect(refused).toHaveLength(5)
    for (const a of refused) {
      expect(a.status).toBe(403)
      expect(a.error).toMatchObject({
        code: 'store_limit',
        message: expect.stringMatching(/already own 3 of the 3 stores/),
      })
    }
    const { rows } = await stack.db.pool.query(
      `select count(*)::int as n from public.memberships where user_id = $1 and role = 'owner'`,
      [ownerId],
    )
    expect(rows[0].n).toBe(3)
  })

  it('keeps every refusal in the audit log, with who and why', async () => {
    const { rows } = await stack.db.pool.query(
      `select store_id, details from public.audit_log where actor_id = $1 and action = 'stores.create_refused'`,
      [ownerId],
    )
    expect(rows).toHaveLength(5)
    expect(rows[0]).toMatchObject({ store_id: null, details: { reason: 'store_limit', limit: 3, owned: 3 } })
  })

  it('lets a raised limit (a plan) create more, and .single() still reads the new store', async () => {
    await stack.db.pool.query('insert into private.account_limits (user_id, max_stores) values ($1, 4)', [
      ownerId,
    ])
    const more = await owner
      .rpc('create_store', { p_name: 'Fourth Shop' })
      .single<{ id: string; slug: string }>()
    expect(more.error).toBeNull()
    expect(more.data?.slug).toBe('fourth-shop')
    const again = await owner.rpc('create_store', { p_name: 'Fifth Shop' })
    expect(again.error?.code).toBe('store_limit')
  })
})
