import { createHmac, randomUUID } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Graph, buildGraph as graph, templates } from '@parley/supabase/automations'
import { createClient, FunctionsHttpError, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { type Scheduler, startScheduler } from '../src/scheduler.ts'
import type { Stack } from '../src/stack.ts'
import { startTestStack, testDatabaseUrl } from '../src/testing.ts'

// The automations engine through the whole devstack: a visitor's message in the widget's API, the events
// it emits, the real `automations` worker and outbox dispatcher driven by the devstack scheduler, and
// what a store owner sees (the reply in the conversation, the run log). The promises: a run waiting on a
// timer survives the scheduler being killed and fires exactly once after it is back; two signals for one
// run at once never double a step; automation replies never trigger automations and a conversation's
// runs are capped; a failing action retries, then shows in the run log, and Retry finishes the run.

const engines = [
  { name: 'PGlite', databaseUrl: undefined },
  ...(testDatabaseUrl ? [{ name: 'PostgreSQL', databaseUrl: testDatabaseUrl }] : []),
]
const demoStore = 'de000000-0000-4000-8000-000000000010'
const demoOwner = { email: 'demo@parley.dev', password: 'parley-demo-2026' }
const slow = { timeout: 60_000, interval: 150 }

interface Hook {
  url: string
  received: { headers: Record<string, string | string[] | undefined>; body: string }[]
  status: number
  close(): Promise<void>
}

async function webhookEndpoint(): Promise<Hook> {
  const hook = { received: [] as Hook['received'], status: 500 }
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => {
      body += chunk
    })
    req.on('end', () => {
      hook.received.push({ headers: req.headers, body })
      res.writeHead(hook.status).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return Object.assign(hook, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  })
}

describe.each(engines)('automations on $name', ({ databaseUrl }) => {
  let stack: Stack
  let owner: SupabaseClient
  let hook: Hook
  let schedulers: Scheduler[] = []

  const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    (await stack.db.pool.query(text, params)).rows as T[]
  const client = (key = stack.env.SUPABASE_ANON_KEY) =>
    createClient(stack.env.SUPABASE_URL, key, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as never },
    })

  /** What pg_cron does when hosted: the scheduler calling the outbox and the automations worker. */
  async function startSchedulers() {
    schedulers = await Promise.all(
      ['outbox', 'automations'].map((worker) =>
        startScheduler({
          db: stack.db,
          url: `${stack.env.SUPABASE_URL}/functions/v1/${worker}`,
          channel: worker,
          serviceRoleKey: stack.env.SUPABASE_SERVICE_ROLE_KEY,
          pollMs: 500,
        }),
      ),
    )
  }
  async function killSchedulers() {
    await Promise.all(schedulers.map((s) => s.stop()))
    schedulers = []
  }

  /** A workflow made and published as the store's owner, the way the builder does it. */
  async function publish(name: string, g: Graph): Promise<string> {
    const { data, error } = await owner
      .from('workflows')
      .insert({ store_id: demoStore, name, graph: g })
      .select('id')
      .single()
    if (error) throw error
    const published = await owner.functions.invoke('automations/publish', { body: { workflow_id: data.id } })
    if (published.error) throw new Error(await (published.error as FunctionsHttpError).context.text())
    expect(published.data).toEqual({ workflow_id: data.id, version: 1 })
    return data.id
  }

  async function conversation() {
    const v = client()
    const { error } = await v.auth.signInAnonymously()
    if (error) throw error
    const { data, error: startError } = await v.functions.invoke('chat/sessions', {
      body: { chatbot: 'acmeoutdoor0001' },
    })
    if (startError) throw startError
    const sessionId = (data as { session: { id: string } }).session.id
    const say = async (content: string) => {
      const sent = await v.functions.invoke('chat/messages', {
        body: { session_id: sessionId, content, client_id: randomUUID() },
      })
      if (sent.error) throw sent.error
    }
    return { v, sessionId, say }
  }

  const runsOf = (workflowId: string) =>
    sql<{ id: string; status: string; current_step: number; error: string | null; session_id: string }>(
      'select id, status, current_step, error, session_id from public.workflow_runs where workflow_id = $1 order by started_at',
      [workflowId],
    )
  const stepsOf = (runId: string) =>
    sql<{
      seq: number
      node_id: string
      status: string
      port: string | null
      attempts: number
      error: string | null
    }>(
      'select seq, node_id, status, port, attempts, error from public.workflow_run_steps where run_id = $1 order by seq',
      [runId],
    )
  const botLines = (sessionId: string, content: string) =>
    sql('select id from public.messages where session_id = $1 and sender = $2 and content = $3', [
      sessionId,
      'bot',
      content,
    ])

  beforeAll(async () => {
    hook = await webhookEndpoint()
    const envFile = join(mkdtempSync(join(tmpdir(), 'parley-automations-')), 'functions.env')
    writeFileSync(
      envFile,
      [
        'PARLEY_ALLOW_PRIVATE_NETWORK=true',
        'OUTBOX_DELAY_SCALE=0.01',
        'OUTBOX_BUDGET_MS=5000',
        'AUTOMATIONS_BUDGET_MS=5000',
        '',
      ].join('\n'),
    )
    stack = await startTestStack({ seed: true, functionsEnvFile: envFile, databaseUrl })
    owner = client()
    const { error } = await owner.auth.signInWithPassword(demoOwner)
    if (error) throw error
    await startSchedulers()
  }, 120_000)
  afterAll(async () => {
    await killSchedulers()
    await stack?.stop()
    await hook?.close()
  })

  it('replies in the chat when a keyword comes, as a bot message the widget reads, and logs the run', async () => {
    const id = await publish(
      'Opening hours',
      graph(
        [
          ['t', 'message-received', { keywords: ['opening hours'] }],
          [
            'r',
            'send-reply',
            { message: 'We are open {{store.name}} style: 9 to 5, call {{store.fallback_phone | "us"}}.' },
            ['out'],
          ],
        ],
        [['t', 'r']],
      ),
    )
    // The run log is live: the owner's builder sees the steps as they are written.
    const live: { node_id: string; status: string }[] = []
    await owner.realtime.setAuth()
    const channel = owner
      .channel(`run-log-${id}`)
      .on('postgres_changes', { event: '*', schema: 'public', table: 'workflow_run_steps' }, (change) => {
        live.push(change.new as { node_id: string; status: string })
      })
    await new Promise<void>((resolve, reject) =>
      channel.subscribe((status, err) => {
        if (status === 'SUBSCRIBED') resolve()
        else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') reject(err ?? new Error(status))
      }),
    )
    const { v, sessionId, say } = await conversation()
    await say('What are your opening hours?')
    await vi.waitFor(async () => {
      const { data } = await v
        .from('messages')
        .select('content, sender')
        .eq('session_id', sessionId)
        .order('id')
      expect(data?.map((m) => m.content)).toContain('We are open Acme Outdoor style: 9 to 5, call us.')
    }, slow)
    await vi.waitFor(async () => expect((await runsOf(id))[0]?.status).toBe('succeeded'), slow)
    const [run] = await runsOf(id)
    expect(run).toMatchObject({ session_id: sessionId })
    expect(await stepsOf(run?.id as string)).toMatchObject([
      { seq: 1, node_id: 't', status: 'succeeded' },
      { seq: 2, node_id: 'r', status: 'succeeded', attempts: 1 },
    ])
    // the owner reads the run log under RLS
    const { data: steps } = await owner
      .from('workflow_run_steps')
      .select('node_id, output')
      .eq('run_id', run?.id as string)
      .order('seq')
    expect(steps?.[1]?.output).toMatchObject({ message_id: expect.any(Number) })
    await vi.waitFor(() =>
      expect(live.map((s) => `${s.node_id}:${s.status}`)).toEqual(
        expect.arrayContaining(['t:succeeded', 'r:running', 'r:succeeded']),
      ),
    )
    await owner.removeChannel(channel)
  }, 90_000)

  it('no agent reply in 10 minutes: the trigger waits, checks again, and nudges only the unanswered', async () => {
    // The seeded "Nobody answered in 10 minutes" is published on the demo store.
    const nudge = 'de000000-0000-4000-8000-000000000061'
    const apology =
      'Sorry for the wait! Our team is busier than usual. If it is urgent, call us on our shop number.'
    const waiting = await conversation()
    const answered = await conversation()
    for (const c of [waiting, answered]) {
      await sql(`update public.chat_sessions set status = 'human' where id = $1`, [c.sessionId])
      await c.say('Hello, is anyone there?')
    }
    await vi.waitFor(async () => {
      const timers = await sql(
        `select count(*)::int as n from private.automation_timers where workflow_id = $1 and event -> 'payload' -> 'event' ->> 'session_id' = any ($2)`,
        [nudge, [waiting.sessionId, answered.sessionId]],
      )
      expect(timers).toEqual([{ n: 4 }]) // the handoff's and the line's
    }, slow)
    // An agent answers one of them; then ten minutes pass.
    await sql(
      `insert into public.messages (store_id, session_id, sender, author_id, content) values ($1, $2, 'agent', null, 'Hi, Alex here!')`,
      [demoStore, answered.sessionId],
    )
    await sql(
      `update private.automation_timers set due_at = now() where workflow_id = $1 and fired_at is null`,
      [nudge],
    )
    await vi.waitFor(async () => expect(await botLines(waiting.sessionId, apology)).toHaveLength(1), slow)
    await vi.waitFor(async () => {
      const pending = await sql(
        `select count(*)::int as n from public.automation_events where processed_at is null`,
      )
      expect(pending).toEqual([{ n: 0 }])
    }, slow)
    expect(await botLines(answered.sessionId, apology)).toHaveLength(0)
  }, 90_000)

  it('a schedule starts a run at its time in the store time zone, without a conversation', async () => {
    hook.status = 204
    hook.received = []
    const id = await publish(
      'Every minute',
      graph(
        [
          ['t', 'schedule', { cron: '* * * * *' }],
          ['h', 'webhook-send', { url: hook.url, fields: { report: 'daily' } }, ['out']],
        ],
        [['t', 'h']],
      ),
    )
    // Published two minutes ago (moved back by hand: versions are frozen): the latest minute since is due,
    // the one before it is skipped, not replayed.
    await sql(`alter table public.workflow_versions disable trigger workflow_versions_immutable`)
    await sql(
      `update public.workflow_versions set published_at = now() - interval '2 minutes' where workflow_id = $1`,
      [id],
    )
    await sql(`alter table public.workflow_versions enable trigger workflow_versions_immutable`)
    await sql(`update public.workflows set enabled = false where id = $1`, [id])
    await sql(`update public.workflows set enabled = true where id = $1`, [id]) // the index picks the new time up
    // (a minute boundary passing meanwhile may start a second run: look at the first)
    await vi.waitFor(async () => expect((await runsOf(id))[0]?.status).toBe('succeeded'), slow)
    expect((await runsOf(id))[0]?.session_id).toBeNull()
    expect(JSON.parse(hook.received[0]?.body ?? '{}')).toMatchObject({
      event: 'schedule.tick',
      conversation: null,
      data: { report: 'daily' },
    })
    await sql(`update public.workflows set enabled = false where id = $1`, [id])
  }, 90_000)

  it('refuses to publish an invalid graph with the problems on their steps', async () => {
    const { data } = await owner
      .from('workflows')
      .insert({
        store_id: demoStore,
        name: 'Loops',
        graph: graph(
          [
            ['t', 'lead-score-crossed', { threshold: 50 }],
            ['s', 'change-lead-score', { amount: 10 }, ['out']],
          ],
          [['t', 's']],
        ),
      })
      .select('id')
      .single()
    const { error } = await owner.functions.invoke('automations/publish', { body: { workflow_id: data?.id } })
    expect(error).toBeInstanceOf(FunctionsHttpError)
    const response = (error as FunctionsHttpError).context as Response
    expect(response.status).toBe(422)
    expect(await response.json()).toMatchObject({
      code: 'invalid_workflow',
      details: { issues: [{ nodeId: 's', code: 'retriggers_itself' }] },
    })
    const bad = await owner.functions.invoke('automations/publish', { body: { workflow_id: 'nope' } })
    expect(((bad.error as FunctionsHttpError).context as Response).status).toBe(400)
  }, 60_000)

  it('a run waiting on a timer survives the scheduler being killed and fires exactly once after restart', async () => {
    const id = await publish(
      'Follow up later',
      graph(
        [
          ['t', 'message-received', { keywords: ['later'] }],
          ['w', 'wait', { amount: 3, unit: 'days' }],
          ['r', 'send-reply', { message: 'Following up, as promised.' }, ['out']],
        ],
        [
          ['t', 'w'],
          ['w', 'r'],
        ],
      ),
    )
    const { sessionId, say } = await conversation()
    await say('Talk to you later')
    await vi.waitFor(
      async () => expect(await runsOf(id)).toMatchObject([{ status: 'waiting', current_step: 2 }]),
      slow,
    )
    const [run] = await runsOf(id)
    const runId = run?.id as string
    // Meanwhile the owner publishes a new version: the waiting run stays on the one it started on.
    await owner
      .from('workflows')
      .update({
        graph: graph(
          [
            ['t', 'message-received', { keywords: ['later'] }],
            ['r', 'send-reply', { message: 'Version 2 says hi.' }, ['out']],
          ],
          [['t', 'r']],
        ),
      })
      .eq('id', id)
    const v2 = await owner.functions.invoke('automations/publish', { body: { workflow_id: id } })
    expect(v2.data).toEqual({ workflow_id: id, version: 2 })

    await killSchedulers()
    // Three days pass while nothing is scheduled (the clock moves the timer, not a sleep).
    await sql(`update private.automation_timers set due_at = now() - interval '1 second' where run_id = $1`, [
      runId,
    ])
    // (a worker call cut off by the kill may still finish; the run is then done below all the same, once)

    await startSchedulers()
    await vi.waitFor(async () => expect((await runsOf(id))[0]?.status).toBe('succeeded'), slow)
    // Once more around the loop changes nothing: the timer fired once, the reply was written once.
    await fetch(`${stack.env.SUPABASE_URL}/functions/v1/automations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${stack.env.SUPABASE_SERVICE_ROLE_KEY}` },
    })
    expect(await botLines(sessionId, 'Following up, as promised.')).toHaveLength(1)
    expect(await botLines(sessionId, 'Version 2 says hi.')).toHaveLength(0)
    expect(await sql('select workflow_version from public.workflow_runs where id = $1', [runId])).toEqual([
      { workflow_version: 1 },
    ])
    expect(
      await sql(
        `select count(*)::int as n from public.automation_events where run_id = $1 and type = 'run.timer'`,
        [runId],
      ),
    ).toEqual([{ n: 1 }])
    expect((await stepsOf(runId)).map((s) => [s.node_id, s.status])).toEqual([
      ['t', 'succeeded'],
      ['w', 'succeeded'],
      ['r', 'succeeded'],
    ])
  }, 120_000)

  it('two signals for one run at once (the timeout and the reply) take one way, once', async () => {
    const id = await publish(
      'Ask and wait',
      graph(
        [
          ['t', 'message-received', { keywords: ['question'] }],
          ['w', 'wait-for-reply', { amount: 10, unit: 'minutes' }],
          ['yes', 'send-reply', { message: 'Thanks for answering!' }, ['out']],
          ['no', 'send-reply', { message: 'No answer, no problem.' }, ['out']],
        ],
        [
          ['t', 'w'],
          ['w', 'yes', 'replied'],
          ['w', 'no', 'timeout'],
        ],
      ),
    )
    const { sessionId, say } = await conversation()
    await say('I have a question')
    await vi.waitFor(async () => expect(await runsOf(id)).toMatchObject([{ status: 'waiting' }]), slow)
    const runId = (await runsOf(id))[0]?.id as string

    await killSchedulers()
    // The wait runs out at the moment the visitor answers, and the same timer's event arrives twice.
    await sql(`update private.automation_timers set due_at = now() - interval '1 second' where run_id = $1`, [
      runId,
    ])
    await sql(`select public.fire_due_automation_timers()`)
    await sql(
      `insert into public.automation_events (store_id, type, run_id, payload) values ($1, 'run.timer', $2, '{"step": 2}')`,
      [demoStore, runId],
    )
    await sql(
      `insert into public.messages (store_id, session_id, sender, author_id, content) values ($1, $2, 'customer', null, 'here is my answer')`,
      [demoStore, sessionId],
    )
    // Two workers at once.
    const call = () =>
      fetch(`${stack.env.SUPABASE_URL}/functions/v1/automations`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${stack.env.SUPABASE_SERVICE_ROLE_KEY}` },
      })
    await Promise.all([call(), call(), call()])
    await startSchedulers()
    await vi.waitFor(async () => expect((await runsOf(id))[0]?.status).toBe('succeeded'), slow)
    const steps = await stepsOf(runId)
    expect(steps.map((s) => s.seq)).toEqual([1, 2, 3])
    const third = steps[2]?.node_id
    expect(['yes', 'no']).toContain(third)
    const [yes, no] = [
      await botLines(sessionId, 'Thanks for answering!'),
      await botLines(sessionId, 'No answer, no problem.'),
    ]
    expect(yes.length + no.length).toBe(1)
    expect(
      await sql(`select count(*)::int as n from public.outbox where payload ->> 'run_id' = $1`, [runId]),
    ).toEqual([{ n: 1 }])
  }, 120_000)

  it('loop guards: an automation reply fires no message trigger, and a conversation starts at most 20 runs an hour', async () => {
    const id = await publish(
      'Echo',
      graph(
        [
          ['t', 'message-received', { keywords: ['echo'] }],
          ['r', 'send-reply', { message: 'echo echo echo' }, ['out']],
        ],
        [['t', 'r']],
      ),
    )
    const { sessionId, say } = await conversation()
    await say('echo please')
    await vi.waitFor(async () => expect(await botLines(sessionId, 'echo echo echo')).toHaveLength(1), slow)
    // The reply contains the keyword, and yet: one run, one echo (its message event never exists).
    await vi.waitFor(async () => {
      const pending = await sql(
        `select count(*)::int as n from public.automation_events where processed_at is null`,
      )
      expect(pending).toEqual([{ n: 0 }])
    }, slow)
    expect(await runsOf(id)).toHaveLength(1)
    expect(
      await sql(
        `select count(*)::int as n from public.automation_events where session_id = $1 and type = 'message.received'`,
        [sessionId],
      ),
    ).toEqual([{ n: 1 }])

    // 25 visitor messages with the keyword at once (written past the chat's rate limit)
    await sql(
      `insert into public.messages (store_id, session_id, sender, author_id, content)
       select $1, $2, 'customer', null, 'echo ' || i from generate_series(1, 25) i`,
      [demoStore, sessionId],
    )
    await vi.waitFor(async () => {
      const pending = await sql(
        `select count(*)::int as n from public.automation_events where processed_at is null`,
      )
      expect(pending).toEqual([{ n: 0 }])
    }, slow)
    expect((await runsOf(id)).length).toBe(20)
  }, 120_000)

  it('a failing action retries with backoff, shows in the run log, and Retry finishes the run', async () => {
    hook.status = 500
    hook.received = []
    const id = await publish(
      'Tell the CRM',
      graph(
        [
          ['t', 'message-received', { keywords: ['crm'] }],
          ['h', 'webhook-send', { url: hook.url, fields: { note: '{{message.text}}' } }],
          ['r', 'send-reply', { message: 'Sent to our CRM.' }, ['out']],
        ],
        [
          ['t', 'h'],
          ['h', 'r'],
        ],
      ),
    )
    const { sessionId, say } = await conversation()
    await say('please add me to the crm')
    await vi.waitFor(async () => expect((await runsOf(id))[0]?.status).toBe('failed'), slow)
    const run = (await runsOf(id))[0] as { id: string; error: string }
    expect(run.error).toBe(
      'Send a webhook failed: Gave up after 6 attempts: Your endpoint answered HTTP 500 (Internal Server Error)',
    )
    expect((await stepsOf(run.id))[1]).toMatchObject({ node_id: 'h', status: 'failed', attempts: 6 })
    expect(hook.received).toHaveLength(6)
    // Every attempt is the same delivery, signed with the store's secret.
    const [row] = await sql<{ webhook_secret: string }>(
      'select webhook_secret from public.automation_secrets where store_id = $1',
      [demoStore],
    )
    const secret = row?.webhook_secret
    const first = hook.received[0] as Hook['received'][number]
    const [t, v1] = String(first.headers['x-parley-signature']).split(',')
    expect(v1).toBe(
      `v1=${createHmac('sha256', secret as string)
        .update(`${t?.slice(2)}.${first.body}`)
        .digest('hex')}`,
    )
    expect(new Set(hook.received.map((r) => r.headers['x-parley-delivery']))).toEqual(
      new Set([`${run.id}:2`]),
    )
    expect(JSON.parse(first.body)).toMatchObject({
      event: 'message.received',
      data: { note: 'please add me to the crm' },
    })

    // The owner fixes the endpoint and retries the step from the run log.
    hook.status = 204
    const { error } = await owner.rpc('retry_workflow_step', { p_run_id: run.id })
    expect(error).toBeNull()
    await vi.waitFor(async () => expect((await runsOf(id))[0]?.status).toBe('succeeded'), slow)
    expect(await botLines(sessionId, 'Sent to our CRM.')).toHaveLength(1)

    // Re-run on the latest version: a new run for the same event.
    const rerun = await owner.rpc('rerun_workflow_run', { p_run_id: run.id })
    expect(rerun.error).toBeNull()
    await vi.waitFor(
      async () => expect((await runsOf(id)).map((r) => r.status)).toEqual(['succeeded', 'succeeded']),
      slow,
    )
  }, 120_000)

  // The seed's conversations carry the events the live triggers would have stored (seed.sql), so the demo
  // store's own automations and every template find conversations to act on in a dry run.
  it('dry-runs each seeded automation and template over the demo conversations', async () => {
    const frustrated = 'de000000-0000-4000-8000-000000000053'
    const tryOn = async (body: Record<string, unknown>) => {
      const { data, error } = await owner.functions.invoke('automations/dry-run', {
        body: { limit: 100, ...body },
      })
      if (error) throw new Error(await (error as FunctionsHttpError).context.text())
      return data as {
        conversations: {
          session_id: string
          triggered: boolean
          runs: { trigger_event: string; path: string[]; actions: { type: string }[] }[]
        }[]
        totals: { triggered: number; runs: number; actions: Record<string, number> }
      }
    }
    const escalation = await tryOn({ workflow_id: 'de000000-0000-4000-8000-000000000060' })
    expect(escalation.conversations.find((c) => c.session_id === frustrated)).toMatchObject({
      triggered: true,
      runs: [
        {
          trigger_event: 'sentiment.changed',
          path: ['trigger', 'tag', 'handoff', 'note'],
          actions: [{ type: 'add-tags' }, { type: 'handoff' }, { type: 'chatwoot-note' }],
        },
      ],
    })
    const nudge = await tryOn({ workflow_id: 'de000000-0000-4000-8000-000000000061' })
    // Lena waits since her handoff; Tom wrote again after Alex's last answer; Maria and the German
    // visitor never waited for a person.
    const waited = (id: string) =>
      nudge.conversations.find((c) => c.session_id === id)?.runs.map((r) => r.trigger_event) ?? []
    expect(waited(frustrated)).toEqual(['handoff.requested'])
    expect(waited('de000000-0000-4000-8000-000000000052')).toEqual(['message.awaiting_agent'])
    expect(waited('de000000-0000-4000-8000-000000000051')).toEqual([])
    expect(waited('de000000-0000-4000-8000-000000000054')).toEqual([])
    expect(nudge.conversations.find((c) => c.session_id === frustrated)?.runs[0]?.path).toEqual([
      'trigger',
      'apology',
      'tag',
      'note',
    ])

    const { data: draft } = await owner
      .from('workflows')
      .insert({ store_id: demoStore, name: 'Template tryout', graph: graph([], []) })
      .select('id')
      .single()
    for (const template of templates) {
      const report = await tryOn({ workflow_id: draft?.id, graph: template.graph })
      expect(report.totals.triggered, template.id).toBeGreaterThan(0)
      expect(
        Object.values(report.totals.actions).reduce((a, b) => a + b, 0),
        template.id,
      ).toBeGreaterThan(0)
      for (const c of report.conversations.filter((c) => c.triggered))
        expect(c.runs[0]?.path[0], template.id).toBe('trigger')
    }
    await owner.from('workflows').delete().eq('id', draft?.id)
  }, 120_000)

  it('dry-runs a draft over the last conversations, writing nothing', async () => {
    const { data } = await owner
      .from('workflows')
      .insert({
        store_id: demoStore,
        name: 'Draft',
        graph: graph(
          [
            ['t', 'intent-detected', { intents: ['return_request'] }],
            [
              'r',
              'send-reply',
              { message: 'Returns are free within 30 days, {{contact.name | "friend"}}.' },
              ['out'],
            ],
          ],
          [['t', 'r']],
        ),
      })
      .select('id')
      .single()
    const before = await sql(
      `select (select count(*) from public.workflow_runs)::int as runs, (select count(*) from public.outbox)::int as jobs`,
    )
    const { data: report, error } = await owner.functions.invoke('automations/dry-run', {
      body: { workflow_id: data?.id, limit: 50 },
    })
    expect(error).toBeNull()
    // the seeded return conversation (Lena's jacket) is among them
    const returned = report.conversations.find(
      (c: { session_id: string }) => c.session_id === 'de000000-0000-4000-8000-000000000051',
    )
    expect(returned).toMatchObject({
      triggered: true,
      runs: [
        {
          trigger_event: 'intent.detected',
          path: ['t', 'r'],
          status: 'succeeded',
          actions: [{ type: 'send-reply' }],
        },
      ],
    })
    expect(report.totals.triggered).toBeGreaterThanOrEqual(1)
    expect(report.totals.actions['send-reply']).toBe(report.totals.runs)
    expect(
      await sql(
        `select (select count(*) from public.workflow_runs)::int as runs, (select count(*) from public.outbox)::int as jobs`,
      ),
    ).toEqual(before)
  }, 60_000)
})
