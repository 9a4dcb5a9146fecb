import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { contractViolations, type FakeChatwoot, startFakeChatwoot } from '../../chatwoot-fake/src/index.ts'
import type { Stack } from '../src/stack.ts'
import { startTestStack } from '../src/testing.ts'

// Provisioning a store's Chatwoot account through the outbox, end to end: the store trigger enqueues the
// job, the scheduler wakes the outbox dispatcher, which runs the provisioning job against the fake Chatwoot.
// Crashes between steps, Chatwoot being down, 429s, suspension, deletion and the dashboard's retry.

const crashStore = randomUUID()

interface AccountRow {
  status: string
  last_error: string | null
  account_id: number | null
  inbox_id: number | null
  api_inbox_id: number | null
  webhook_id: number | null
  website_token: string | null
  admin_access_token: string | null
  hmac_token: string | null
  webhook_secret: string | null
  provisioned_steps: Record<string, boolean>
}

/** How long the outbox may take: the scheduler runs it on every enqueue and every 5 s, jobs retry. */
const jobTime = { timeout: 60_000, interval: 200 }

describe('Chatwoot provisioning through the outbox', () => {
  let stack: Stack
  let fake: FakeChatwoot
  let service: SupabaseClient
  let owner: SupabaseClient
  let ownerId: string
  let dir: string

  const client = (key: string) =>
    createClient(stack.env.SUPABASE_URL, key, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as never },
    })

  const account = async (storeId: string) =>
    (
      await stack.db.pool.query<AccountRow>('select * from public.chatwoot_accounts where store_id = $1', [
        storeId,
      ])
    ).rows[0]

  const active = (storeId: string, timeout = jobTime.timeout) =>
    vi.waitFor(
      async () => {
        const row = await account(storeId)
        expect(row?.status, `store ${storeId} provisioned`).toBe('active')
        return row as AccountRow
      },
      { ...jobTime, timeout },
    )

  const job = async (storeId: string, topic = 'chatwoot.provision_account') =>
    (
      await stack.db.pool.query<{
        id: number
        status: string
        attempts: number
        last_error: string | null
        due_ms: number
      }>(
        `select id, status, attempts, last_error, extract(epoch from next_attempt_at)::float * 1000 as due_ms
           from public.outbox where payload ->> 'store_id' = $1 and topic = $2 order by id desc limit 1`,
        [storeId, topic],
      )
    ).rows[0]

  const fakeAccounts = (storeId: string) =>
    [...fake.state.accounts.values()].filter(
      (a) => (a.custom_attributes as Record<string, unknown>)?.parley_store_id === storeId,
    )

  async function newStore(name: string, id?: string): Promise<string> {
    const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomBytes(3).toString('hex')}`
    if (id) {
      await stack.db.pool.query(
        'insert into public.stores (id, name, slug, created_by) values ($1, $2, $3, $4)',
        [id, name, slug, ownerId],
      )
      await stack.db.pool.query(
        `insert into public.memberships (store_id, user_id, role) values ($1, $2, 'owner')`,
        [id, ownerId],
      )
      return id
    }
    const { data, error } = await owner.rpc('create_store', { p_name: name })
    if (error) throw error
    return (data as { id: string }).id
  }

  beforeAll(async () => {
    fake = await startFakeChatwoot({ port: 0 })
    dir = mkdtempSync(join(tmpdir(), 'parley-chatwoot-'))
    const envFile = join(dir, 'functions.env')
    writeFileSync(
      envFile,
      [
        `CHATWOOT_URL=${fake.url}`,
        `CHATWOOT_PLATFORM_TOKEN=${fake.platformToken}`,
        `PARLEY_ENCRYPTION_KEY=${randomBytes(32).toString('base64')}`,
        'CHATWOOT_BREAKER_THRESHOLD=2',
        'CHATWOOT_BREAKER_COOLDOWN_MS=2000',
        'CHATWOOT_TIMEOUT_MS=3000',
        // die after Chatwoot did a step but before it was recorded: after the account (1st attempt),
        // after the website inbox (2nd attempt)
        `PARLEY_TEST_CRASH_AFTER=${crashStore}:account:1,${crashStore}:website_inbox:2`,
        '',
      ].join('\n'),
    )
    stack = await startTestStack({ functionsEnvFile: envFile, scheduler: true })
    service = client(stack.env.SUPABASE_SERVICE_ROLE_KEY)
    owner = client(stack.env.SUPABASE_ANON_KEY)
    const email = `owner-${randomBytes(4).toString('hex')}@example.com`
    const { data, error } = await owner.auth.signUp({ email, password: 'owner-password-1' })
    if (error) throw error
    ownerId = data.user?.id as string
    // One person owns every store this suite provisions: more than an account may own by default.
    await stack.db.pool.query('insert into private.account_limits (user_id, max_stores) values ($1, 20)', [
      ownerId,
    ])
    await owner.auth.signInWithPassword({ email, password: 'owner-password-1' })
  }, 120_000)

  afterAll(async () => {
    await stack?.stop()
    await fake?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('runs the outbox for the service role only', async () => {
    for (const caller of [owner, client(stack.env.SUPABASE_ANON_KEY)]) {
      const { error } = await caller.functions.invoke('outbox', { body: {} })
      expect((error as { context?: Response } | null)?.context?.status).toBe(403)
    }
    const { data, error } = await service.functions.invoke('outbox', { body: {} })
    expect(error).toBeNull()
    expect(data).toMatchObject({
      done: expect.any(Number),
      dead: expect.any(Number),
      wait: expect.any(Number),
    })
  }, 120_000)

  it('provisions a new store: one account, admin user, website + API inboxes, webhook, attributes', async () => {
    const storeId = await newStore('Provisioned Shop')
    const row = await active(storeId, 90_000)

    const accounts = fakeAccounts(storeId)
    expect(accounts).toHaveLength(1)
    const accountId = accounts[0]?.id as number
    expect(Number(row.account_id)).toBe(accountId)

    const admins = fake.state.accountUsers.filter((m) => m.account_id === accountId)
    expect(admins.map((m) => m.role)).toEqual(['administrator'])
    const user = fake.state.users.get(admins[0]?.user_id as number)
    expect(user?.email).toBe(`store-${storeId}@stores.parley.dev`)

    const inboxes = [...fake.state.inboxes.values()].filter((i) => i.account_id === accountId)
    expect(inboxes.map((i) => i.channel_type).sort()).toEqual(['Channel::Api', 'Channel::WebWidget'])
    const website = inboxes.find((i) => i.channel_type === 'Channel::WebWidget')
    expect(Number(row.inbox_id)).toBe(website?.id)
    expect(row.website_token).toBe((website as { website_token?: string }).website_token)
    expect(Number(row.api_inbox_id)).toBe(inboxes.find((i) => i.channel_type === 'Channel::Api')?.id)

    const hooks = [...fake.state.webhooks.values()].filter((w) => w.account_id === accountId)
    expect(hooks).toHaveLength(1)
    expect(hooks[0]?.url).toMatch(new RegExp(`/functions/v1/chatwoot-webhook-handler\\?store=${storeId}$`))
    expect([...(hooks[0]?.subscriptions ?? [])].sort()).toEqual(
      [
        'message_created',
        'conversation_status_changed',
        'conversation_updated',
        'contact_created',
        'contact_updated',
        'conversation_typing_on',
        'conversation_typing_off',
      ].sort(),
    )
    const definitions = [...fake.state.customAttributeDefinitions.values()].filter(
      (d) => d.account_id === accountId,
    )
    expect(definitions.map((d) => `${d.attribute_model}:${d.attribute_key}`).sort()).toEqual(
      [
        'contact_attribute:parley_language',
        'contact_attribute:parley_lead_score',
        'contact_attribute:parley_sentiment',
        'conversation_attribute:parley_lead_score',
        'conversation_attribute:parley_session_id',
      ].sort(),
    )

    // secrets are encrypted at rest, never the plain values
    expect(row.admin_access_token).toMatch(/^v1\./)
    expect(row.webhook_secret).toMatch(/^v1\./)
    expect(row.webhook_secret).not.toContain(hooks[0]?.secret as string)
    expect(row.hmac_token).toMatch(/^v1\./)

    // the owner sees the status, not the secrets
    const { data: seen, error } = await owner
      .from('chatwoot_accounts')
      .select('status, last_error')
      .eq('store_id', storeId)
    expect(error).toBeNull()
    expect(seen).toEqual([{ status: 'active', last_error: null }])
    // the account turns active before the function answers; the dispatcher marks the job done after
    await expect.poll(async () => (await job(storeId))?.status, jobTime).toBe('done')
    expect(contractViolations(fake.state)).toEqual([])
  }, 120_000)

  it('resumes after crashes between steps without creating anything twice', async () => {
    await newStore('Crashy Shop', crashStore)
    const row = await active(crashStore, 90_000)
    const j = await job(crashStore)
    expect(j?.attempts).toBe(3) // crashed twice, then finished
    const accounts = fakeAccounts(crashStore)
    expect(accounts).toHaveLength(1)
    const accountId = accounts[0]?.id as number
    expect(Number(row.account_id)).toBe(accountId)
    expect(
      [...fake.state.users.values()].filter((u) => u.email === `store-${crashStore}@stores.parley.dev`),
    ).toHaveLength(1)
    expect(fake.state.accountUsers.filter((m) => m.account_id === accountId)).toHaveLength(1)
    expect([...fake.state.inboxes.values()].filter((i) => i.account_id === accountId)).toHaveLength(2)
    expect([...fake.state.webhooks.values()].filter((w) => w.account_id === accountId)).toHaveLength(1)
    expect(
      [...fake.state.customAttributeDefinitions.values()].filter((d) => d.account_id === accountId),
    ).toHaveLength(5)
    expect(Object.keys(row.provisioned_steps).sort()).toEqual(
      [
        'account',
        'account_user',
        'api_inbox',
        'attributes',
        'done',
        'user',
        'webhook',
        'website_inbox',
      ].sort(),
    )
    expect(contractViolations(fake.state)).toEqual([])
  }, 120_000)

  it('keeps the job while Chatwoot is down (the circuit opens) and completes after it is back', async () => {
    await fake.control.down('refuse')
    const storeId = await newStore('Patient Shop')
    await expect
      .poll(async () => {
        const { rows } = await stack.db.pool.query(
          `select state ->> 'status' as status from private.circuit_breakers where key = 'chatwoot'`,
        )
        return rows[0]?.status
      }, jobTime)
      .toBe('open')
    const failed = await vi.waitFor(async () => {
      const j = await job(storeId)
      expect(j?.status, 'a failed attempt').toBe('pending')
      expect(j?.last_error, 'a failed attempt').toBeTruthy()
      return j as NonNullable<typeof j>
    }, jobTime)
    expect(failed.attempts).toBeGreaterThanOrEqual(1)
    expect((await account(storeId))?.status).toBe('provisioning')
    expect(fakeAccounts(storeId)).toHaveLength(0)
    await fake.control.up()
    await active(storeId, 90_000)
    expect(fakeAccounts(storeId)).toHaveLength(1)
    // the account turns active before the function answers; the dispatcher marks the job done after
    await expect.poll(async () => (await job(storeId))?.status, jobTime).toBe('done')
  }, 150_000)

  it('honours Retry-After on 429', async () => {
    await expect
      .poll(async () => {
        const { rows } = await stack.db.pool.query(
          `select 1 from public.outbox where status in ('pending', 'processing')`,
        )
        return rows.length
      }, jobTime)
      .toBe(0)
    fake.control.failNext(1, 429, { retryAfter: 4 })
    const storeId = await newStore('Throttled Shop')
    const throttled = await vi.waitFor(async () => {
      const j = await job(storeId)
      expect(j?.status, 'the 429 recorded').toBe('pending')
      expect(j?.last_error, 'the 429 recorded').toContain('slow down')
      return j as NonNullable<typeof j>
    }, jobTime)
    // the outbox waits what Chatwoot asked for (4 s) after the refusal, not its own 5 s backoff or less
    const refused = fake.state.requests.filter((r) => r.status === 429).at(-1)
    const waited = (throttled.due_ms - (refused?.at ?? Number.NaN)) / 1000
    expect(waited).toBeGreaterThanOrEqual(4)
    expect(waited).toBeLessThan(5)
    await active(storeId)
    expect(fakeAccounts(storeId)).toHaveLength(1)
  }, 120_000)

  it('dead-letters a contract error, shows it to the owner, and the owner retries it', async () => {
    fake.control.failNext(1, 422, { body: { message: 'Unprocessable' } })
    const storeId = await newStore('Refused Shop')
    const failed = await vi.waitFor(async () => {
      const row = await account(storeId)
      expect(row?.status, 'the account failed').toBe('failed')
      return row as AccountRow
    }, jobTime)
    expect(failed.last_error).toBe('Chatwoot refused the account: Unprocessable')
    const jobs = await vi.waitFor(async () => {
      const { data } = await owner
        .from('outbox')
        .select('id, status, last_error')
        .eq('store_id', storeId)
        .eq('status', 'dead')
      expect(data?.length, 'the job dead-lettered, as the owner sees it').toBeGreaterThan(0)
      return data
    }, jobTime)
    expect(jobs).toHaveLength(1)
    const { error } = await owner.rpc('retry_outbox_job', { p_job_id: (jobs as { id: number }[])[0]?.id })
    expect(error).toBeNull()
    await active(storeId)
    expect(fakeAccounts(storeId)).toHaveLength(1)
  }, 120_000)

  it('suspends, reactivates and deletes the account with the store', async () => {
    const storeId = await newStore('Lifecycle Shop')
    await active(storeId)
    const accountId = fakeAccounts(storeId)[0]?.id as number
    await service.from('stores').update({ status: 'suspended' }).eq('id', storeId).throwOnError()
    await expect.poll(() => fake.state.accounts.get(accountId)?.status, jobTime).toBe('suspended')
    await expect.poll(async () => (await account(storeId))?.status, jobTime).toBe('suspended')
    await service.from('stores').update({ status: 'active' }).eq('id', storeId).throwOnError()
    await expect.poll(() => fake.state.accounts.get(accountId)?.status, jobTime).toBe('active')

    await service.from('stores').delete().eq('id', storeId).throwOnError()
    // the job is done once the account and the store's own administrator user are gone
    await expect
      .poll(async () => (await job(storeId, 'chatwoot.delete_account'))?.status, jobTime)
      .toBe('done')
    expect(fake.state.accounts.has(accountId)).toBe(false)
    expect(
      [...fake.state.users.values()].filter((u) => u.email === `store-${storeId}@stores.parley.dev`),
    ).toHaveLength(0)
    expect(contractViolations(fake.state)).toEqual([])
  }, 120_000)
})
