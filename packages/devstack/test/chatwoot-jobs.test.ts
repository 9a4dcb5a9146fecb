import { randomUUID } from 'node:crypto'
import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { testDatabaseUrl } from '../src/testing.ts'
import { demoStore, type HandoffStack, type Job, startHandoffStack } from './fixtures/chatwoot-handoff.ts'

// The outbox's promises where people can see them, through the real scheduler and dispatcher against the
// fake Chatwoot: a fresh start ends with nothing failed; jobs on one contact never race; every line a
// visitor writes reaches the conversation once and in order, after an outage or a lost answer; a job
// waits for the store's provisioning without spending attempts; a job that dies takes the jobs behind it
// along and brings them back when the owner retries it. OUTBOX_DELAY_SCALE=0.01 replays the delays of a
// long outage (backoff, waits) in a hundredth of the time.

const engines = [
  { name: 'PGlite', databaseUrl: undefined },
  ...(testDatabaseUrl ? [{ name: 'PostgreSQL', databaseUrl: testDatabaseUrl }] : []),
]
const demoBot = 'de000000-0000-4000-8000-000000000020'
const demoOwner = { email: 'demo@parley.dev', password: 'parley-demo-2026' }
const slow = { timeout: 60_000, interval: 200 }

describe.each(engines)('Chatwoot jobs on $name', ({ databaseUrl }) => {
  let h: HandoffStack

  beforeAll(async () => {
    h = await startHandoffStack({ scheduler: true, delayScale: 0.01, databaseUrl })
  }, 120_000)
  afterAll(async () => {
    await h?.stop()
  })

  const sql = (text: string) => h.stack.db.pool.query(text)
  /** Until nothing is pending or running. */
  const settled = () =>
    vi.waitFor(async () => {
      const busy = await h.jobs((j) => j.status === 'pending' || j.status === 'processing')
      expect(busy.map((j) => `${j.topic} #${j.id}: ${j.last_error ?? 'waiting'}`)).toEqual([])
    }, slow)
  const accountId = async (storeId = demoStore) =>
    Number(
      (await sql(`select account_id from public.chatwoot_accounts where store_id = '${storeId}'`)).rows[0]
        ?.account_id,
    )
  const conversationsOf = (sessionId: string) =>
    [...h.fake.state.conversations.values()].filter(
      (c) => c.custom_attributes.parley_session_id === sessionId,
    )
  /** The visitor's lines in the session's Chatwoot conversation, in the order Chatwoot has them. */
  const linesOf = (sessionId: string) => {
    const [conversation] = conversationsOf(sessionId)
    return [...h.fake.state.messages.values()]
      .filter((m) => m.conversation_id === conversation?.id && m.message_type === 0)
      .map((m) => m.content)
  }
  const failed = (jobs: Job[]) => jobs.filter((j) => j.status === 'dead' || j.attempts > 1)

  async function visitor(): Promise<SupabaseClient> {
    const c = h.client()
    const { error } = await c.auth.signInAnonymously()
    if (error) throw error
    return c
  }
  async function say(c: SupabaseClient, sessionId: string, content: string) {
    const { error } = await c.functions.invoke('chat/messages', {
      body: { session_id: sessionId, content, client_id: randomUUID() },
    })
    if (error) throw error
  }
  /** A visitor whose session is handed off and delivered to Chatwoot. */
  async function handedOff() {
    const v = await visitor()
    const { data, error } = await v.functions.invoke('chat/sessions', {
      body: { chatbot: 'acmeoutdoor0001' },
    })
    if (error) throw error
    const sessionId = (data as { session: { id: string } }).session.id
    await say(v, sessionId, 'I want to talk to a human')
    await vi.waitFor(async () => {
      const { rows } = await sql(`select handoff_state from public.chat_sessions where id = '${sessionId}'`)
      expect(rows[0]?.handoff_state).toBe('delivered')
    }, slow)
    return { v, sessionId }
  }

  it('a fresh start: the seed provisions the demo store and runs every job without a failure', async () => {
    await settled()
    const jobs = await h.jobs()
    expect(jobs.length).toBeGreaterThan(5)
    expect(failed(jobs)).toEqual([])
    expect(jobs.every((j) => j.status === 'done')).toBe(true)
    // the waiting seeded conversation reached Chatwoot once, with its two lines once each
    expect(conversationsOf('de000000-0000-4000-8000-000000000053')).toHaveLength(1)
    expect(linesOf('de000000-0000-4000-8000-000000000053')).toEqual([
      "My order #A-20931 was supposed to arrive on Friday and the tracking hasn't changed for 4 days.",
      'I already checked that. I need the boots for a trip on Saturday, please get me a human.',
    ])
    const account = await accountId()
    const lena = [...h.fake.state.contacts.values()].filter(
      (c) => c.account_id === account && c.email === 'lena.ho@example.com',
    )
    expect(lena).toHaveLength(1)
  }, 90_000)

  it('a fresh start: the demo’s two automations run on Lena’s waiting conversation, through the engine', async () => {
    const lena = 'de000000-0000-4000-8000-000000000053'
    const runs = async () =>
      (
        await sql(
          `select r.workflow_id, r.status, array_agg(s.node_id || ':' || s.status order by s.seq) as steps
             from public.workflow_runs r join public.workflow_run_steps s on s.run_id = r.id
            where r.session_id = '${lena}' group by r.id order by r.workflow_id`,
        )
      ).rows
    await vi.waitFor(
      async () =>
        expect(await runs()).toEqual([
          {
            workflow_id: 'de000000-0000-4000-8000-000000000060', // Escalate unhappy visitors
            status: 'succeeded',
            steps: ['trigger:succeeded', 'tag:succeeded', 'handoff:succeeded', 'note:succeeded'],
          },
          {
            workflow_id: 'de000000-0000-4000-8000-000000000061', // Nobody answered in 10 minutes
            status: 'succeeded',
            steps: ['trigger:succeeded', 'apology:succeeded', 'tag:succeeded', 'note:succeeded'],
          },
        ]),
      slow,
    )
    const { rows } = await sql(
      `select tags, handoff_team, handoff_priority from public.chat_sessions where id = '${lena}'`,
    )
    expect(rows[0]).toEqual({
      tags: ['unhappy', 'waited-10-min'],
      handoff_team: 'Support',
      handoff_priority: 'high',
    })
    // what the agent sees in Chatwoot: the apology sent to Lena (as the bot's lines are) and the two notes
    await settled()
    const [conversation] = conversationsOf(lena)
    const notes = [...h.fake.state.messages.values()]
      .filter((m) => m.conversation_id === conversation?.id && m.private)
      .map((m) => m.content ?? '')
    expect(notes).toContain(
      '🤖 Sorry for the wait! Our team is busier than usual. If it is urgent, call us on our shop number.',
    )
    // The two automations run side by side: their notes arrive in either order, each once.
    const automationNotes = notes.filter((n) => !n.startsWith('🤖') && !n.startsWith('Parley handoff'))
    expect(automationNotes).toHaveLength(2)
    expect(automationNotes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^Escalated by automation: sentiment -0\.50\. Last message: “I already checked that/,
        ),
        'This visitor has waited 10 minutes without an answer.',
      ]),
    )
    expect(failed(await h.jobs())).toEqual([])
  }, 90_000)

  it('jobs on one contact enqueued together never race: one contact, one conversation, every line once', async () => {
    const email = `together-${randomUUID().slice(0, 8)}@example.com`
    const contact = randomUUID()
    const session = randomUUID()
    // the sync, the handoff and three forwards land in the queue in one go
    await sql(`begin;
      insert into public.contacts (id, store_id, email, name) values ('${contact}', '${demoStore}', '${email}', 'Tess Together');
      insert into public.chat_sessions (id, store_id, chatbot_id, contact_id, status, language)
        values ('${session}', '${demoStore}', '${demoBot}', '${contact}', 'queued', 'en');
      insert into public.messages (store_id, session_id, sender, author_id, content) values
        ('${demoStore}', '${session}', 'customer', null, 'first'),
        ('${demoStore}', '${session}', 'customer', null, 'second'),
        ('${demoStore}', '${session}', 'customer', null, 'third');
      commit;`)
    await settled()
    const account = await accountId()
    expect(
      [...h.fake.state.contacts.values()].filter((c) => c.account_id === account && c.email === email),
    ).toHaveLength(1)
    expect(conversationsOf(session)).toHaveLength(1)
    expect(linesOf(session)).toEqual(['first', 'second', 'third'])
    const jobs = await h.jobs((j) => j.payload.contact_id === contact)
    expect(jobs.map((j) => j.topic).sort()).toEqual([
      'chatwoot.forward_message',
      'chatwoot.forward_message',
      'chatwoot.forward_message',
      'chatwoot.handoff',
      'chatwoot.sync_contact',
    ])
    expect(failed(jobs)).toEqual([])
  })

  it('two contacts with the same e-mail (two lanes) each get their own Chatwoot contact, and nothing dies', async () => {
    // An e-mail is the visitor's word, not the store's: it never merges one person into another's contact.
    const email = `twice-${randomUUID().slice(0, 8)}@example.com`
    await sql(`insert into public.contacts (store_id, email, name) values
      ('${demoStore}', '${email}', 'Twin One'), ('${demoStore}', '${email}', 'Twin Two')`)
    await settled()
    const { rows } = await sql(`select chatwoot_contact_id from public.contacts where email = '${email}'`)
    expect(rows).toHaveLength(2)
    expect(rows[0]?.chatwoot_contact_id).not.toBeNull()
    expect(rows[1]?.chatwoot_contact_id).not.toBeNull()
    expect(rows[1]?.chatwoot_contact_id).not.toBe(rows[0]?.chatwoot_contact_id)
    const inChatwoot = rows.map((r) => h.fake.state.contacts.get(Number(r.chatwoot_contact_id)))
    // The first to be created holds the e-mail; the other keeps it as an unverified attribute.
    expect(inChatwoot.filter((c) => c?.email === email)).toHaveLength(1)
    expect(inChatwoot.filter((c) => c?.custom_attributes.parley_unverified_email === email)).toHaveLength(1)
    expect((await h.jobs((j) => j.status === 'dead')).map((j) => j.last_error)).toEqual([])
  })

  it('Chatwoot down while a handed-off visitor writes five lines: after it is back, each line once and in order', async () => {
    const { v, sessionId } = await handedOff()
    await h.fake.control.down('503')
    try {
      for (let i = 1; i <= 5; i++) await say(v, sessionId, `line ${i}`)
      // long enough that the breaker opened and the jobs wait for Chatwoot (45 s and more at full scale)
      await vi.waitFor(async () => {
        const { rows } = await sql(
          `select state ->> 'status' as status from private.circuit_breakers where key = 'chatwoot'`,
        )
        expect(rows[0]?.status).toBe('open')
        const waiting = await h.jobs((j) => j.payload.session_id === sessionId && j.status === 'pending')
        expect(waiting).toHaveLength(5)
        expect(waiting[0]?.last_error).toMatch(/Chatwoot/)
      }, slow)
      expect(linesOf(sessionId)).toEqual(['I want to talk to a human'])
    } finally {
      await h.fake.control.up()
    }
    await settled()
    expect(linesOf(sessionId)).toEqual([
      'I want to talk to a human',
      'line 1',
      'line 2',
      'line 3',
      'line 4',
      'line 5',
    ])
    expect(await h.jobs((j) => j.payload.session_id === sessionId && j.status !== 'done')).toEqual([])
  })

  it('a lost answer (Chatwoot posted the line, the reply timed out): the retry finds it, the line is there once', async () => {
    const { v, sessionId } = await handedOff()
    h.fake.control.loseReplies(1, { operationId: 'create-a-new-message-in-a-conversation' })
    await say(v, sessionId, 'Is anyone there?')
    await settled()
    expect(linesOf(sessionId)).toEqual(['I want to talk to a human', 'Is anyone there?'])
    const [forward] = await h.jobs(
      (j) => j.topic === 'chatwoot.forward_message' && j.payload.session_id === sessionId,
    )
    expect(forward).toMatchObject({ status: 'done', runs: 2 })
  })

  it('a handoff enqueued before its store is provisioned waits without spending attempts, then runs', async () => {
    const store = randomUUID()
    const bot = randomUUID()
    const contact = randomUUID()
    const session = randomUUID()
    await h.fake.control.down('503')
    try {
      await sql(`begin;
        insert into public.stores (id, name, slug, created_by)
          values ('${store}', 'Late Shop', 'late-${store.slice(0, 8)}', 'de000000-0000-4000-8000-000000000001');
        insert into public.chatbots (id, store_id, name) values ('${bot}', '${store}', 'Late Bot');
        insert into public.contacts (id, store_id, email, name) values ('${contact}', '${store}', 'early@example.com', 'Early Bird');
        insert into public.chat_sessions (id, store_id, chatbot_id, contact_id, status)
          values ('${session}', '${store}', '${bot}', '${contact}', 'queued');
        insert into public.messages (store_id, session_id, sender, author_id, content)
          values ('${store}', '${session}', 'customer', null, 'Hello, anyone?');
        commit;`)
      // the provisioning fails and retries; the handoff is never tried meanwhile
      await vi.waitFor(async () => {
        const [provision] = await h.jobs(
          (j) => j.topic === 'chatwoot.provision_account' && j.payload.store_id === store,
        )
        expect(provision?.last_error).toMatch(/Chatwoot/)
      }, slow)
      const [handoff] = await h.jobs(
        (j) => j.topic === 'chatwoot.handoff' && j.payload.session_id === session,
      )
      expect(handoff).toMatchObject({ status: 'pending', attempts: 0, runs: 0 })
    } finally {
      await h.fake.control.up()
    }
    await settled()
    const [handoff] = await h.jobs((j) => j.topic === 'chatwoot.handoff' && j.payload.session_id === session)
    expect(handoff).toMatchObject({ status: 'done', attempts: 1, runs: 1 })
    const [conversation] = conversationsOf(session)
    expect(conversation?.account_id).toBe(await accountId(store))
    expect(linesOf(session)).toEqual(['Hello, anyone?'])
  })

  it('a dead job takes the lines behind it along, the owner reads why and retries: all arrive, in order', async () => {
    const { sessionId } = await handedOff()
    h.fake.control.failNext(1, 422, { body: { message: 'Content is too long' } })
    await sql(`insert into public.messages (store_id, session_id, sender, author_id, content) values
      ('${demoStore}', '${sessionId}', 'customer', null, 'A'),
      ('${demoStore}', '${sessionId}', 'customer', null, 'B'),
      ('${demoStore}', '${sessionId}', 'customer', null, 'C')`)
    await settled()
    const forwards = await h.jobs(
      (j) => j.topic === 'chatwoot.forward_message' && j.payload.session_id === sessionId,
    )
    expect(forwards.map((j) => j.status)).toEqual(['dead', 'dead', 'dead'])
    const head = forwards[0] as Job
    expect(head.last_error).toBe('Chatwoot refused the message: Content is too long')

    // what the owner sees on the store page, and the Retry button
    const owner = h.client()
    await owner.auth.signInWithPassword(demoOwner)
    const { data: seen } = await owner
      .from('outbox')
      .select('id, job_title, status, last_error, held_by')
      .eq('store_id', demoStore)
      .eq('status', 'dead')
      .in(
        'id',
        forwards.map((j) => j.id),
      )
      .order('id')
      .throwOnError()
    expect(seen?.[1]).toEqual({
      id: forwards[1]?.id,
      job_title: "Forward a visitor's message to Chatwoot",
      status: 'dead',
      held_by: head.id,
      last_error: `Held behind job #${head.id} (Forward a visitor's message to Chatwoot), which failed: Chatwoot refused the message: Content is too long`,
    })
    await owner.rpc('retry_outbox_job', { p_job_id: forwards[2]?.id }).throwOnError()
    await settled()
    expect(linesOf(sessionId)).toEqual(['I want to talk to a human', 'A', 'B', 'C'])
  })

  it('refuses to enqueue a topic no job file defines', async () => {
    const { error } = await h.service.rpc('enqueue_outbox', {
      p_store_id: demoStore,
      p_topic: 'chatwoot.send_fax',
      p_payload: {},
    })
    expect(error?.message).toBe('unknown job topic "chatwoot.send_fax"')
  })
})
