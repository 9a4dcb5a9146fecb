import { randomUUID } from 'node:crypto'
import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  demoStore,
  type HandoffStack,
  type Provisioned,
  startHandoffStack,
} from './fixtures/chatwoot-handoff.ts'

// Agent seats: membership changes enqueue chatwoot.sync_agent / chatwoot.remove_agent, and their jobs
// (supabase/functions/_shared/chatwoot-jobs/agents.ts) make each admin/agent ONE Chatwoot user with a seat
// in each of their stores' accounts. The outbox dispatcher runs them, one call at a time; the
// agent_context RPC is checked with real signed-in users.
const agentTopics = ['chatwoot.sync_agent', 'chatwoot.remove_agent']
const demoAgentEmail = 'agent@parley.dev'
const demoOwner = { email: 'demo@parley.dev', password: 'parley-demo-2026' }

describe('Chatwoot agents', () => {
  let h: HandoffStack
  let account: Provisioned

  beforeAll(async () => {
    h = await startHandoffStack()
    account = await h.provision(demoStore)
  }, 120_000)
  afterAll(async () => {
    await h?.stop()
  })

  /** One outbox run; the agent jobs it finished, as [topic, status, user_id]. */
  async function runAgentJobs() {
    const before = new Set((await h.jobs((j) => j.status === 'done' || j.status === 'dead')).map((j) => j.id))
    await h.runOutbox()
    return (await h.jobs((j) => agentTopics.includes(j.topic) && !before.has(j.id))).map((j) => ({
      topic: j.topic,
      status: j.status,
      userId: j.payload.user_id as string,
    }))
  }

  async function signedIn(email: string, password: string): Promise<SupabaseClient> {
    const client = h.client()
    const { error } = await client.auth.signInWithPassword({ email, password })
    if (error) throw error
    return client
  }

  async function newUser(name: string) {
    const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${randomUUID().slice(0, 8)}@example.com`
    const password = 'agent-pass-2026'
    const { data, error } = await h.service.auth.admin.createUser({
      email,
      password,
      email_confirm: true,
      user_metadata: { full_name: name },
    })
    if (error) throw error
    return { id: data.user.id, email, password }
  }

  /** The owner invites, the invitee accepts through the dashboard's RPCs. */
  async function join(
    storeId: string,
    owner: SupabaseClient,
    user: { email: string; password: string },
    role: string,
  ) {
    const { data } = await owner
      .from('invitations')
      .insert({ store_id: storeId, email: user.email, role })
      .select('token')
      .single<{ token: string }>()
      .throwOnError()
    const invitee = await signedIn(user.email, user.password)
    await invitee.rpc('accept_invitation', { p_token: data.token }).throwOnError()
  }

  const chatwootUsers = (email: string) => [...h.fake.state.users.values()].filter((u) => u.email === email)
  const seat = (accountId: number, chatwootUserId: number | undefined) =>
    h.fake.state.accountUsers.find((au) => au.account_id === accountId && au.user_id === chatwootUserId)

  it('gives the seeded agent a Chatwoot seat with the agent role once the account exists', async () => {
    const results = await runAgentJobs()
    expect(results).toContainEqual({
      topic: 'chatwoot.sync_agent',
      status: 'done',
      userId: 'de000000-0000-4000-8000-000000000002',
    })
    const [user] = chatwootUsers(demoAgentEmail)
    expect(user?.name).toBe('Alex Agent')
    expect(seat(account.accountId, user?.id)?.role).toBe('agent')

    const { data } = await h.service
      .from('chatwoot_agents')
      .select('status, chatwoot_user_id, synced_at')
      .eq('store_id', demoStore)
      .eq('user_id', 'de000000-0000-4000-8000-000000000002')
      .single()
      .throwOnError()
    expect(data).toMatchObject({ status: 'synced', chatwoot_user_id: user?.id })
    // A second run of the same job is harmless: still one user, one seat.
    expect(await runAgentJobs()).toEqual([])
    expect(chatwootUsers(demoAgentEmail)).toHaveLength(1)
  }, 60_000)

  it('syncs an invited agent, makes the same person one Chatwoot user in a second store, and removes one seat', async () => {
    const owner = await signedIn(demoOwner.email, demoOwner.password)
    const person = await newUser('Sam Support')
    await join(demoStore, owner, person, 'agent')

    // A second store of the same owner, with its own Chatwoot account.
    const { data: store } = await owner
      .rpc('create_store', { p_name: `Second ${randomUUID().slice(0, 6)}` })
      .single<{ id: string }>()
      .throwOnError()
    const second = await h.provision(store.id)
    await join(store.id, owner, person, 'admin')

    const results = await runAgentJobs()
    expect(results.filter((r) => r.userId === person.id).map((r) => r.status)).toEqual(['done', 'done'])
    const users = chatwootUsers(person.email)
    expect(users).toHaveLength(1)
    expect(seat(account.accountId, users[0]?.id)?.role).toBe('agent')
    expect(seat(second.accountId, users[0]?.id)?.role).toBe('administrator')

    // The owner sees the sync state of the store's members (RLS: owners and admins).
    const { data: states } = await owner
      .from('chatwoot_agents')
      .select('user_id, status')
      .eq('store_id', demoStore)
      .throwOnError()
    expect(states).toContainEqual({ user_id: person.id, status: 'synced' })

    // Removed from the demo store: that seat goes, the other store's seat and the user stay.
    await owner.from('memberships').delete().eq('store_id', demoStore).eq('user_id', person.id).throwOnError()
    const removals = await runAgentJobs()
    expect(removals.map((r) => [r.topic, r.status])).toEqual([['chatwoot.remove_agent', 'done']])
    expect(seat(account.accountId, users[0]?.id)).toBeUndefined()
    expect(seat(second.accountId, users[0]?.id)?.role).toBe('administrator')
    expect(chatwootUsers(person.email)).toHaveLength(1)
    const { data: gone } = await h.service
      .from('chatwoot_agents')
      .select('user_id')
      .eq('store_id', demoStore)
      .eq('user_id', person.id)
      .throwOnError()
    expect(gone).toEqual([])
    // Every request the agent jobs sent matched the published contract.
    const platformCalls = h.fake.state.requests.filter(
      (r) => r.operationId?.includes('account_user') || r.operationId?.includes('user'),
    )
    expect(platformCalls.length).toBeGreaterThan(0)
    expect(h.fake.state.requests.filter((r) => r.contractErrors.length > 0)).toEqual([])
  }, 90_000)

  it("waits for the store's Chatwoot account, and fails with it where the owner sees the member", async () => {
    const owner = await signedIn(demoOwner.email, demoOwner.password)
    h.fake.control.failNext(1, 422, { body: { message: 'Name is reserved' } })
    const { data: store } = await owner
      .rpc('create_store', { p_name: `Unprovisioned ${randomUUID().slice(0, 6)}` })
      .single<{ id: string }>()
      .throwOnError()
    const person = await newUser('Pat Pending')
    await join(store.id, owner, person, 'agent')
    await h.runOutbox()
    const [provision] = await h.jobs(
      (j) => j.topic === 'chatwoot.provision_account' && j.payload.store_id === store.id,
    )
    expect(provision).toMatchObject({
      status: 'dead',
      last_error: 'Chatwoot refused the account: Name is reserved',
    })
    // the seat's job never ran: it died with the provisioning and says so in the member list
    const [seatJob] = await h.jobs(
      (j) => j.topic === 'chatwoot.sync_agent' && j.payload.user_id === person.id,
    )
    expect(seatJob).toMatchObject({ status: 'dead', runs: 0, held_by: provision?.id })
    const { data } = await owner
      .from('chatwoot_agents')
      .select('status, last_error')
      .eq('store_id', store.id)
      .eq('user_id', person.id)
      .single()
      .throwOnError()
    expect(data).toEqual({
      status: 'failed',
      last_error: `Held behind job #${provision?.id} (Set up the store's Chatwoot account), which failed: Chatwoot refused the account: Name is reserved`,
    })
    const { data: account } = await owner
      .from('chatwoot_accounts')
      .select('status, last_error')
      .eq('store_id', store.id)
      .single()
    expect(account).toEqual({
      status: 'failed',
      last_error: 'Chatwoot refused the account: Name is reserved',
    })

    // the owner retries the seat: the account is set up first, then the seat
    await owner.rpc('retry_outbox_job', { p_job_id: seatJob?.id }).throwOnError()
    await h.runOutbox()
    const { data: synced } = await owner
      .from('chatwoot_agents')
      .select('status, last_error')
      .eq('store_id', store.id)
      .eq('user_id', person.id)
      .single()
      .throwOnError()
    expect(synced).toEqual({ status: 'synced', last_error: null })
  }, 60_000)

  describe('agent_context', () => {
    const session = 'de000000-0000-4000-8000-000000000051'

    beforeAll(async () => {
      await h.service
        .from('chat_sessions')
        .update({ chatwoot_conversation_id: 4242 })
        .eq('id', session)
        .throwOnError()
    })

    it('gives a member of the store the conversation context', async () => {
      const agent = await signedIn(demoAgentEmail, 'parley-demo-2026')
      const { data } = await agent
        .rpc('agent_context', { p_chatwoot_account_id: account.accountId, p_conversation_id: 4242 })
        .throwOnError()
      const context = data as {
        store: { id: string }
        session: { id: string; lead_score: number | null }
        sentiment: unknown[]
      }
      expect(context.store.id).toBe(demoStore)
      expect(context.session.id).toBe(session)
      expect(context.sentiment.length).toBeGreaterThan(0)
    })

    it('gives a non-member, an anonymous caller and forged ids nothing', async () => {
      const outsider = await newUser('Olly Outsider')
      const client = await signedIn(outsider.email, outsider.password)
      const { data } = await client
        .rpc('agent_context', { p_chatwoot_account_id: account.accountId, p_conversation_id: 4242 })
        .throwOnError()
      expect(data).toBeNull()

      const anon = h.client()
      const { error } = await anon.rpc('agent_context', {
        p_chatwoot_account_id: account.accountId,
        p_conversation_id: 4242,
      })
      expect(error).not.toBeNull()

      const agent = await signedIn(demoAgentEmail, 'parley-demo-2026')
      const forged = await agent
        .rpc('agent_context', { p_chatwoot_account_id: account.accountId + 1000, p_conversation_id: 4242 })
        .throwOnError()
      expect(forged.data).toBeNull()
    })
  })
})

// Nothing run by hand: the devstack scheduler calls the outbox dispatcher, which provisions the seeded store
// and then gives its agent a seat (the agent's job waits, retried, until the account exists).
describe('Chatwoot agents through the outbox dispatcher', () => {
  let h: HandoffStack

  beforeAll(async () => {
    h = await startHandoffStack({ scheduler: true })
  }, 120_000)
  afterAll(async () => {
    await h?.stop()
  })

  it('the seeded agent ends up with an agent seat in the provisioned account', async () => {
    const synced = await vi.waitFor(
      async () => {
        const { data } = await h.service
          .from('chatwoot_agents')
          .select('status, chatwoot_user_id')
          .eq('store_id', demoStore)
          .eq('user_id', 'de000000-0000-4000-8000-000000000002')
          .single<{ status: string; chatwoot_user_id: number }>()
        expect(data?.status).toBe('synced')
        return data as { chatwoot_user_id: number }
      },
      { timeout: 60_000, interval: 200 },
    )
    const { data: account } = await h.service
      .from('chatwoot_accounts')
      .select('account_id')
      .eq('store_id', demoStore)
      .single<{ account_id: number }>()
      .throwOnError()
    const seat = h.fake.state.accountUsers.find(
      (au) => au.account_id === account.account_id && au.user_id === synced.chatwoot_user_id,
    )
    expect(seat?.role).toBe('agent')
    expect(h.fake.state.users.get(synced.chatwoot_user_id)?.email).toBe(demoAgentEmail)
  }, 90_000)
})
