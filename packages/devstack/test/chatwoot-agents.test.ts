import { randomUUID } from 'node:crypto'
import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  demoStore,
  eventually,
  type HandoffStack,
  type Job,
  type Provisioned,
  startHandoffStack,
} from './fixtures/chatwoot-handoff.ts'

// Agent seats: membership changes enqueue chatwoot.sync_agent / chatwoot.remove_agent, and
// chatwoot-account-manager (agents.ts) makes each admin/agent ONE Chatwoot user with a seat in each of
// their stores' accounts. Jobs are handed to the function exactly as the outbox dispatcher does; the
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

  /** One dispatcher pass over the agent topics: POST `{ job }`, 2xx done, `retry: false` dead, else pending. */
  async function runAgentJobs() {
    const { data } = await h.service
      .from('outbox')
      .select('id, store_id, topic, payload, attempts')
      .in('topic', agentTopics)
      .eq('status', 'pending')
      .order('id')
      .throwOnError()
    const results: { job: Job; status: number; body: Record<string, unknown> }[] = []
    for (const job of data as Job[]) {
      const response = await fetch(`${h.stack.env.SUPABASE_URL}/functions/v1/chatwoot-account-manager`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${h.stack.env.SUPABASE_SERVICE_ROLE_KEY}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ job }),
      })
      const body = (await response.json()) as Record<string, unknown>
      await h.service
        .from('outbox')
        .update({
          status: response.ok ? 'done' : body.retry === false ? 'dead' : 'pending',
          attempts: job.attempts + 1,
          last_error: response.ok ? null : JSON.stringify(body).slice(0, 2000),
        })
        .eq('id', job.id)
        .throwOnError()
      results.push({ job, status: response.status, body })
    }
    return results
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
    expect(results.some((r) => r.job.payload.email === demoAgentEmail && r.status === 200)).toBe(true)
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
    expect(results.filter((r) => r.job.payload.user_id === person.id).map((r) => r.status)).toEqual([
      200, 200,
    ])
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
    expect(removals.map((r) => [r.job.topic, r.status])).toEqual([['chatwoot.remove_agent', 200]])
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

  it('retries an agent job while the store has no Chatwoot account yet', async () => {
    const owner = await signedIn(demoOwner.email, demoOwner.password)
    const { data: store } = await owner
      .rpc('create_store', { p_name: `Unprovisioned ${randomUUID().slice(0, 6)}` })
      .single<{ id: string }>()
      .throwOnError()
    const person = await newUser('Pat Pending')
    await join(store.id, owner, person, 'agent')
    const [result] = await runAgentJobs()
    expect(result?.status).toBe(503)
    expect(result?.body.retry_after_seconds).toBeGreaterThan(0)
    const { data } = await h.service
      .from('outbox')
      .select('status')
      .eq('id', result?.job.id as number)
      .single()
      .throwOnError()
    expect(data).toEqual({ status: 'pending' })
    // Park it so the other tests' passes do not pick it up again.
    await h.service
      .from('outbox')
      .update({ status: 'dead' })
      .eq('id', result?.job.id as number)
      .throwOnError()
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
    const synced = await eventually(async () => {
      const { data } = await h.service
        .from('chatwoot_agents')
        .select('status, chatwoot_user_id')
        .eq('store_id', demoStore)
        .eq('user_id', 'de000000-0000-4000-8000-000000000002')
        .single<{ status: string; chatwoot_user_id: number }>()
      return data?.status === 'synced' ? data : undefined
    }, 60_000)
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
