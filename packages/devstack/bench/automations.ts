// Automations: how many events per second one core matches against a store's published workflows (the
// trigger index the worker keeps), and how much later than the bot's own reply an automation's reply
// reaches a shopper's widget over realtime, with many shoppers writing at once.
import { randomUUID } from 'node:crypto'
import { compileGraph, buildGraph as graph } from '@parley/supabase/automations'
import { TriggerIndex } from '@parley/supabase/automations/worker'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import WebSocket from 'ws'
import type { BenchStack } from './stack-process.ts'
import { percentile } from './stats.ts'
import type { BenchTable, Row } from './table.ts'

const DEMO_STORE = 'de000000-0000-4000-8000-000000000010'
const DEMO_OWNER = 'de000000-0000-4000-8000-000000000001'

const oneStep = (trigger: string, config: Record<string, unknown>) =>
  graph(
    [
      ['t', trigger, config],
      ['r', 'add-tags', { tags: ['bench'] }, ['out']],
    ],
    [['t', 'r']],
  )

/** 100 published workflows in one store, triggers of every kind, and a mixed stream of events through them. */
export function benchTriggerMatching(events = 200_000): Row {
  const triggers: [string, Record<string, unknown>][] = [
    ['message-received', { keywords: ['refund', 'broken', 'cancel my order'] }],
    ['message-received', { pattern: '#\\d{5,}' }],
    ['message-received', { languages: ['de'] }],
    ['intent-detected', { intents: ['return_request', 'complaint'] }],
    ['sentiment-below', { threshold: -0.4 }],
    ['lead-score-crossed', { threshold: 75 }],
    ['conversation-started', {}],
    ['handoff-requested', { by: ['visitor'] }],
    ['conversation-resolved', { by: 'bot' }],
    ['contact-attribute-changed', { key: 'plan', to: 'pro' }],
  ]
  const published = Array.from({ length: 100 }, (_, i) => {
    const [type, config] = triggers[i % triggers.length] as [string, Record<string, unknown>]
    return {
      workflow_id: randomUUID(),
      store_id: DEMO_STORE,
      version: 1,
      published_at: '2026-01-01T00:00:00Z',
      time_zone: 'UTC',
      compiled: compileGraph(oneStep(type, config)),
    }
  })
  const index = new TriggerIndex(published)
  const texts = [
    'Where is my order #123456?',
    'I want a refund, it arrived broken',
    'Hallo, passt Größe 42?',
    'hi',
  ]
  const stream = Array.from({ length: 1000 }, (_, i) => {
    const base = {
      id: i,
      store_id: DEMO_STORE,
      session_id: randomUUID(),
      contact_id: null,
      created_at: '2026-12-01T10:00:00Z',
    }
    switch (i % 5) {
      case 0:
      case 1:
        return {
          ...base,
          type: 'message.received',
          payload: { message_id: i, text: texts[i % 4], language: i % 3 ? 'en' : 'de', attachments: 0 },
        }
      case 2:
        return {
          ...base,
          type: 'intent.detected',
          payload: { message_id: i, intent: i % 2 ? 'complaint' : 'shipping' },
        }
      case 3:
        return { ...base, type: 'sentiment.changed', payload: { previous: 0.1, current: i % 2 ? -0.5 : 0.2 } }
      default:
        return { ...base, type: 'lead_score.changed', payload: { previous: 70, current: 80 } }
    }
  }) as Parameters<TriggerIndex['match']>[0][]
  let matched = 0
  for (let i = 0; i < 10_000; i++)
    matched += index.match(stream[i % stream.length] as (typeof stream)[number]).length
  const started = performance.now()
  for (let i = 0; i < events; i++)
    matched += index.match(stream[i % stream.length] as (typeof stream)[number]).length
  const perSecond = events / ((performance.now() - started) / 1000)
  return {
    group: 'automations',
    figure: 'trigger matching, 100 published workflows in a store',
    value: perSecond,
    unit: '/s',
    note: `one core, ${events} mixed events (${matched} matches); target ≥ 20000/s`,
  }
}

interface Message {
  id: number
  sender: string
  reply_to: number | null
  metadata: Record<string, unknown>
}

/** One shopper: each message timed until the bot's reply and until the automation's reply arrive live. */
async function shopper(stack: BenchStack, rounds: number): Promise<{ bot: number; automation: number }[]> {
  const sb: SupabaseClient = createClient(stack.env.SUPABASE_URL, stack.env.SUPABASE_ANON_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  })
  const { error } = await sb.auth.signInAnonymously()
  if (error) throw error
  await sb.realtime.setAuth()
  const started = await sb.functions.invoke('chat/sessions', { body: { chatbot: 'acmeoutdoor0001' } })
  if (started.error) throw started.error
  const sessionId = (started.data as { session: { id: string } }).session.id
  const arrivals: Message[] = []
  const arrivedAt = new Map<number, number>()
  const channel = sb.channel(`bench-automations:${sessionId}`)
  channel.on(
    'postgres_changes',
    { event: 'INSERT', schema: 'public', table: 'messages', filter: `session_id=eq.${sessionId}` },
    (payload) => {
      const row = payload.new as Message
      arrivedAt.set(row.id, performance.now())
      arrivals.push(row)
    },
  )
  await new Promise<void>((resolve, reject) =>
    channel.subscribe((status, err) => {
      if (status === 'SUBSCRIBED') resolve()
      else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') reject(err ?? new Error(status))
    }),
  )
  const times: { bot: number; automation: number }[] = []
  for (let i = 0; i < rounds; i++) {
    const from = arrivals.length
    const t = performance.now()
    const sent = await sb.functions.invoke('chat/messages', {
      body: { session_id: sessionId, content: `Do you ship to Norway? (${i})`, client_id: randomUUID() },
    })
    if (sent.error) throw sent.error
    const messageId = (sent.data as { message: { id: number } }).message.id
    const deadline = Date.now() + 20_000
    for (;;) {
      const fresh = arrivals.slice(from)
      const bot = fresh.find((m) => m.reply_to === messageId)
      const automation = fresh.find((m) => m.metadata?.kind === 'automation')
      if (bot && automation) {
        times.push({
          bot: (arrivedAt.get(bot.id) as number) - t,
          automation: (arrivedAt.get(automation.id) as number) - t,
        })
        break
      }
      if (Date.now() > deadline) throw new Error('no automation reply within 20 s')
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }
  await sb.removeChannel(channel)
  await sb.auth.signOut()
  return times
}

/**
 * Every shopper message gets the bot's reply and an automation's reply; both timed to the widget. The stack
 * runs its schedulers (the outbox and the automations worker), as the dev command does.
 */
export async function benchAutomationReply(
  stack: BenchStack,
  table: BenchTable,
  group: string,
  shoppers = 50,
  rounds = 3,
): Promise<void> {
  const g = graph(
    [
      ['t', 'message-received', { keywords: ['ship'] }],
      ['r', 'send-reply', { message: 'Psst: shipping is free over 50 € this week.' }, ['out']],
    ],
    [['t', 'r']],
  )
  const { rows } = await stack.pool.query(
    `insert into public.workflows (store_id, name, graph) values ($1, 'Bench: free shipping note', $2) returning id`,
    [DEMO_STORE, JSON.stringify(g)],
  )
  await stack.pool.query('select public.publish_workflow($1, $2, $3, $4)', [
    DEMO_OWNER,
    rows[0].id,
    JSON.stringify(g),
    JSON.stringify(compileGraph(g)),
  ])
  await shopper(stack, 2) // warm: the functions' first requests load their code
  const all = (await Promise.all(Array.from({ length: shoppers }, () => shopper(stack, rounds)))).flat()
  const p95 = (pick: (t: { bot: number; automation: number }) => number) => percentile(all.map(pick), 0.95)
  const bot = p95((t) => t.bot)
  const note = `${shoppers} shoppers, ${all.length} messages, arrival over realtime`
  table.add({ group, figure: 'message -> plain bot reply in the widget, p95', value: bot, unit: 'ms', note })
  table.add({
    group,
    figure: 'message -> automation reply in the widget, p95',
    value: p95((t) => t.automation),
    unit: 'ms',
    reference: { kind: 'floor', value: bot, what: 'the plain bot reply' },
    note,
  })
  table.add({
    group,
    figure: 'automation reply after the bot reply, p95',
    value: p95((t) => t.automation - t.bot),
    unit: 'ms',
    reference: { kind: 'budget', value: 100 },
    note,
  })
}
