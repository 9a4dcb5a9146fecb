// Shoppers chatting with the demo chatbot (retrieval responder): each sends a line through the chat
// function, waits until the bot's reply arrives over realtime (subscribed as the widget is), thinks, and
// writes again. Printed beside the floor measured in the same run (a bare PostgREST insert + select plus the
// realtime event it causes) and the 150 ms budget; then the highest reply rate the stack sustains within it.
import { randomUUID } from 'node:crypto'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import WebSocket from 'ws'
import type { StackEnv } from '../src/stack-env.ts'
import { startFakeProvider } from '../test/fixtures/fake-llm.ts'
import { type CpuPart, cpuMeter } from './cpu.ts'
import { percentile } from './stats.ts'
import type { BenchTable } from './table.ts'

const DEMO_CHATBOT = 'acmeoutdoor0001'
const DEMO_STORE = 'de000000-0000-4000-8000-000000000010'
/** What shoppers ask: FAQ answers, knowledge passages, a clarifying question, an offer of a person. */
const LINES = [
  'How long does shipping take?',
  'Can I return my boots?',
  'Which size should I pick?',
  'How do I measure the back length for a backpack?',
  'shipping',
  'Do you sell bicycles?',
  'How much does shipping cost?',
  'How do your jackets fit?',
]
/** What the shoppers need of the stack: its URLs and keys. */
type StackLike = { env: StackEnv; pid: number; serverDatabase: string | undefined }

const REPLY_BUDGET_MS = 150
/** A reply that has not arrived this long after the send counts as lost. */
const LOST_AFTER_MS = 10_000

interface Row {
  id: number
  sender: string
  reply_to: number | null
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function client(stack: StackLike, key: string): SupabaseClient {
  return createClient(stack.env.SUPABASE_URL, key, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  })
}

function subscribed(channel: ReturnType<SupabaseClient['channel']>): Promise<void> {
  return new Promise((resolve, reject) =>
    channel.subscribe((status, err) => {
      if (status === 'SUBSCRIBED') resolve()
      else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') reject(err ?? new Error(status))
    }),
  )
}

/**
 * ms: send -> reply over realtime; httpMs: send -> the chat function's answer; steps: the function's own
 * Server-Timing (auth, body, accept, respond, store).
 */
type Outcome =
  | { ms: number; httpMs: number; steps: Record<string, number> }
  | { error: string }
  | { lost: true }

function serverTiming(header: string | null): Record<string, number> {
  const steps: Record<string, number> = {}
  for (const part of (header ?? '').split(',')) {
    const [name, dur] = part.trim().split(';dur=')
    if (name && dur) steps[name] = Number(dur)
  }
  return steps
}

/** One shopper: signed in anonymously, one session, subscribed to it as the widget is. */
class Shopper {
  private readonly arrived = new Map<number, number>()
  private readonly waiting = new Map<number, (at: number) => void>()
  private token = ''
  private sessionId = ''

  constructor(
    private readonly stack: StackLike,
    readonly sb: SupabaseClient,
  ) {}

  static async open(stack: StackLike, chatbot = DEMO_CHATBOT): Promise<Shopper> {
    const shopper = new Shopper(stack, client(stack, stack.env.SUPABASE_ANON_KEY))
    await shopper.start(chatbot)
    return shopper
  }

  private async start(chatbot: string): Promise<void> {
    const { data, error } = await this.sb.auth.signInAnonymously()
    if (error || !data.session) throw error ?? new Error('no session')
    this.token = data.session.access_token
    await this.sb.realtime.setAuth(this.token)
    const started = await this.post('sessions', { chatbot })
    if (!started.ok) throw new Error(`chat/sessions: ${started.status} ${await started.text()}`)
    this.sessionId = ((await started.json()) as { session: { id: string } }).session.id
    const channel = this.sb
      .channel(`session:${this.sessionId}`, { config: { broadcast: { self: false } } })
      .on(
        'postgres_changes',
        { event: 'INSERT', schema: 'public', table: 'messages', filter: `session_id=eq.${this.sessionId}` },
        (payload) => this.onMessage(payload.new as Row),
      )
      .on(
        'postgres_changes',
        { event: 'UPDATE', schema: 'public', table: 'chat_sessions', filter: `id=eq.${this.sessionId}` },
        () => {},
      )
      .on('broadcast', { event: 'typing' }, () => {})
    await subscribed(channel)
  }

  private onMessage(row: Row): void {
    if (row.sender !== 'bot' || row.reply_to == null) return
    const at = performance.now()
    const waiter = this.waiting.get(row.reply_to)
    if (waiter) waiter(at)
    else this.arrived.set(row.reply_to, at)
  }

  private post(route: string, body: unknown): Promise<Response> {
    return fetch(`${this.stack.env.FUNCTIONS_URL}/chat/${route}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.token}`,
        apikey: this.stack.env.SUPABASE_ANON_KEY,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    })
  }

  /** Sends one line; resolves when the bot's reply to it arrived over realtime. */
  async say(content: string): Promise<Outcome> {
    const t = performance.now()
    let messageId: number
    let httpMs: number
    let steps: Record<string, number>
    try {
      const res = await this.post('messages', {
        session_id: this.sessionId,
        content,
        client_id: randomUUID(),
      })
      const text = await res.text()
      httpMs = performance.now() - t
      steps = serverTiming(res.headers.get('server-timing'))
      if (!res.ok) return { error: `${res.status} ${text.slice(0, 200)}` }
      const body = JSON.parse(text) as { message: { id: number }; reply: unknown }
      if (!body.reply) return { error: 'no reply (handed off?)' }
      messageId = body.message.id
    } catch (error) {
      return { error: String(error) }
    }
    const early = this.arrived.get(messageId)
    this.arrived.delete(messageId)
    const at =
      early ??
      (await new Promise<number | undefined>((resolve) => {
        const timer = setTimeout(() => resolve(undefined), Math.max(0, t + LOST_AFTER_MS - performance.now()))
        this.waiting.set(messageId, (when) => {
          clearTimeout(timer)
          resolve(when)
        })
      }))
    this.waiting.delete(messageId)
    return at === undefined ? { lost: true } : { ms: at - t, httpMs, steps }
  }

  async close(): Promise<void> {
    await this.sb.removeAllChannels()
  }
}

export interface ShopperRun {
  shoppers: number
  thinkMs: number
  seconds: number
  /** Replies per second once every shopper has arrived (the arrival ramp would understate it). */
  rate: number
  replies: number[]
  /** The chat function's answers (HTTP), of the same lines. */
  answers: number[]
  /** Its steps, by name (Server-Timing). */
  steps: Map<string, number[]>
  errors: string[]
  lost: number
}

/** Every shopper writes, waits for the reply, thinks `thinkMs`, until `durationMs` are over. */
async function converse(shoppers: Shopper[], thinkMs: number, durationMs: number): Promise<ShopperRun> {
  const run: ShopperRun = {
    shoppers: shoppers.length,
    thinkMs,
    seconds: 0,
    rate: 0,
    replies: [],
    answers: [],
    steps: new Map(),
    errors: [],
    lost: 0,
  }
  const started = performance.now()
  const until = started + durationMs
  const steadyFrom = started + thinkMs
  let steadyReplies = 0
  await Promise.all(
    shoppers.map(async (shopper, n) => {
      await sleep(Math.random() * thinkMs) // shoppers arrive spread out, not in lockstep
      for (let i = n; performance.now() < until; i++) {
        const outcome = await shopper.say(LINES[i % LINES.length] ?? 'shipping')
        if ('ms' in outcome) {
          if (performance.now() >= steadyFrom && performance.now() <= until) steadyReplies++
          run.replies.push(outcome.ms)
          run.answers.push(outcome.httpMs)
          for (const [name, ms] of Object.entries(outcome.steps)) {
            run.steps.set(name, [...(run.steps.get(name) ?? []), ms])
          }
        } else if ('lost' in outcome) run.lost++
        else run.errors.push(outcome.error)
        if (performance.now() + thinkMs >= until) break
        await sleep(thinkMs)
      }
    }),
  )
  run.seconds = (performance.now() - started) / 1000
  run.rate = steadyReplies / (Math.max(1, until - steadyFrom) / 1000)
  return run
}

/** The floor: PostgREST insert + select of a message and the realtime event for it, as a store member. */
async function floor(stack: StackLike, samples: number): Promise<number[]> {
  const owner = client(stack, stack.env.SUPABASE_ANON_KEY)
  const { error } = await owner.auth.signInWithPassword({
    email: 'demo@parley.dev',
    password: 'parley-demo-2026',
  })
  if (error) throw error
  await owner.realtime.setAuth()
  const service = client(stack, stack.env.SUPABASE_SERVICE_ROLE_KEY)
  const session = await service
    .from('chat_sessions')
    .select('id, store_id')
    .eq('store_id', DEMO_STORE)
    .limit(1)
    .single<{ id: string; store_id: string }>()
  if (session.error) throw session.error
  const { id: sessionId, store_id: storeId } = session.data
  const waiting = new Map<string, () => void>()
  const channel = owner
    .channel(`bench-floor:${randomUUID()}`)
    .on(
      'postgres_changes',
      { event: 'INSERT', schema: 'public', table: 'messages', filter: `session_id=eq.${sessionId}` },
      (payload) => waiting.get(String((payload.new as { content: string }).content))?.(),
    )
  await subscribed(channel)
  const times: number[] = []
  for (let i = 0; i < samples + 5; i++) {
    const content = `floor ${randomUUID()}`
    const event = new Promise<void>((resolve) => waiting.set(content, resolve))
    const t = performance.now()
    const inserted = await owner
      .from('messages')
      .insert({ store_id: storeId, session_id: sessionId, sender: 'agent', content })
      .select('id')
      .single()
    if (inserted.error) throw inserted.error
    const read = await owner.from('messages').select('id, content').eq('id', inserted.data.id).single()
    if (read.error) throw read.error
    await event
    waiting.delete(content)
    if (i >= 5) times.push(performance.now() - t) // the first few warm up
  }
  await owner.removeAllChannels()
  await owner.auth.signOut()
  return times
}

async function openShoppers(stack: StackLike, count: number): Promise<Shopper[]> {
  const shoppers: Shopper[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < count) {
        next++
        shoppers.push(await Shopper.open(stack))
      }
    }),
  )
  return shoppers
}

export interface VisitorOptions {
  shoppers: number
  thinkMs: number
  durationMs: number
  /** Length of each step of the capacity search; 0 skips it. */
  capacityStepMs: number
}

/** The shopper run and the capacity search, added to `table` under `group`. */
export async function benchVisitors(stack: StackLike, table: BenchTable, group: string, o: VisitorOptions) {
  const floorTimes = await floor(stack, 30)
  const floorP50 = percentile(floorTimes, 0.5)
  const floorP95 = percentile(floorTimes, 0.95)
  const shoppers = await openShoppers(stack, o.shoppers)
  try {
    // A short warm-up (worker JIT, connection pools, plan caches), not counted.
    await converse(shoppers.slice(0, 20), 200, 3000)
    const cpu = cpuMeter(stack.pid, stack.serverDatabase)
    const run = await converse(shoppers, o.thinkMs, o.durationMs)
    const shares = cpu.stop()
    const how = `${o.shoppers} shoppers, ${o.thinkMs / 1000} s think, ${run.seconds.toFixed(0)} s`
    const floorWhat = 'PostgREST insert+select+realtime'
    table.add({
      group,
      figure: 'floor: PostgREST insert + select + realtime event, p50',
      value: floorP50,
      unit: 'ms',
      note: '1 member, sequential',
    })
    table.add({
      group,
      figure: 'floor: PostgREST insert + select + realtime event, p95',
      value: floorP95,
      unit: 'ms',
      note: '1 member, sequential',
    })
    table.add({
      group,
      figure: 'reply over realtime, p50',
      value: percentile(run.replies, 0.5),
      unit: 'ms',
      reference: { kind: 'floor', value: floorP50, what: floorWhat },
      note: how,
    })
    table.add({
      group,
      figure: 'reply over realtime, p95',
      value: percentile(run.replies, 0.95),
      unit: 'ms',
      reference: { kind: 'budget', value: REPLY_BUDGET_MS },
      note: how,
    })
    table.add({
      group,
      figure: 'of which the chat function answering (HTTP), p50',
      value: percentile(run.answers, 0.5),
      unit: 'ms',
      note: how,
    })
    table.add({
      group,
      figure: 'of which the chat function answering (HTTP), p95',
      value: percentile(run.answers, 0.95),
      unit: 'ms',
      note: how,
    })
    const stepNames: Record<string, string> = {
      auth: 'verify the JWT',
      body: 'read the body',
      accept: 'chat_post_message (check, limits, store, retrieve)',
      respond: 'the bot (analysis, rules, responder)',
      store: 'chat_store_reply (reply, session)',
      commit: 'commit (line and reply together, retrieval responder)',
    }
    for (const [name, what] of Object.entries(stepNames)) {
      const times = run.steps.get(name)
      if (times?.length)
        table.add({
          group,
          figure: `  step: ${what}, p50`,
          value: percentile(times, 0.5),
          unit: 'ms',
          note: how,
        })
    }
    const delivery = run.replies.map((ms, i) => ms - (run.answers[i] ?? 0))
    table.add({
      group,
      figure: '  realtime: reply arrives after the answer, p50',
      value: percentile(delivery, 0.5),
      unit: 'ms',
      note: 'negative: before it',
    })
    table.add({
      group,
      figure: 'replies per second',
      value: run.rate,
      unit: '/s',
      note: `${run.replies.length} replies`,
    })
    table.add({
      group,
      figure: 'errors',
      value: run.errors.length,
      unit: '',
      reference: { kind: 'budget', value: 0 },
    })
    table.add({
      group,
      figure: 'lost replies',
      value: run.lost,
      unit: '',
      reference: { kind: 'budget', value: 0 },
    })
    // CPU per reply: what the stack spends on one line, whatever else the machine is doing.
    const parts: CpuPart[] = ['stack (node)', 'deno', 'postgrest', 'postgres', 'load generator', 'others']
    const perReply = (share: number) => (share * run.seconds * 1000) / Math.max(1, run.replies.length)
    if (shares) {
      const stackParts: CpuPart[] = ['stack (node)', 'deno', 'postgrest', 'postgres']
      const total = stackParts.reduce((sum, part) => sum + (shares.get(part) ?? 0), 0)
      table.add({
        group,
        figure: 'CPU per reply, the whole stack',
        value: perReply(total),
        unit: 'ms',
        note: how,
      })
    }
    for (const part of parts) {
      const share = shares?.get(part)
      if (share === undefined || (part === 'postgres' && !stack.serverDatabase)) continue
      table.add({
        group,
        figure: `  CPU: ${part}`,
        value: share * 100,
        unit: '%',
        note: `of one core; ${perReply(share).toFixed(1)} ms per reply`,
      })
    }
    if (run.errors.length) console.error(`[bench] ${group} errors, first ones:`, run.errors.slice(0, 5))

    if (o.capacityStepMs > 0) {
      const measured = percentile(run.replies, 0.95) <= REPLY_BUDGET_MS && !run.errors.length && !run.lost
      const best = await capacity(
        shoppers,
        o.capacityStepMs,
        measured ? { rate: run.rate, p95: percentile(run.replies, 0.95), thinkMs: o.thinkMs } : undefined,
      )
      table.add({
        group,
        figure: `capacity: highest reply rate with p95 <= ${REPLY_BUDGET_MS} ms`,
        value: best?.rate ?? 0,
        unit: '/s',
        note: best
          ? `p95 ${best.p95.toFixed(0)} ms at ${(best.thinkMs / 1000).toFixed(2)} s think, ${o.shoppers} shoppers`
          : 'no step within budget',
      })
    }
  } finally {
    await Promise.all(shoppers.map((s) => s.close()))
  }
}

interface CapacityStep {
  rate: number
  p95: number
  thinkMs: number
}

/**
 * Raises the offered load step by step (the same shoppers, shorter thinking) from the main run's rate until
 * p95 leaves the budget or anything fails; returns the highest measured reply rate that stayed within it.
 * The main run, when within budget, counts as the first step: a short step's p95 is noisier than its 60 s.
 */
async function capacity(shoppers: Shopper[], stepMs: number, mainRun?: CapacityStep) {
  let best = mainRun
  const targets = [50, 75, 100, 125, 150, 200, 300, 400, 600].filter((t) => t > (mainRun?.rate ?? 0) * 1.1)
  for (const target of targets) {
    const thinkMs = Math.round((shoppers.length / target) * 1000)
    // long enough for every shopper to write a few times
    const run = await converse(shoppers, thinkMs, Math.max(stepMs, 3 * thinkMs))
    const p95 = percentile(run.replies, 0.95)
    const rate = run.rate
    console.error(
      `[bench] capacity step: ${target}/s offered, ${rate.toFixed(0)}/s replied, p95 ${p95.toFixed(0)} ms, ${run.errors.length} errors, ${run.lost} lost`,
    )
    if (p95 > REPLY_BUDGET_MS || run.errors.length || run.lost) break
    best = { rate, p95, thinkMs }
  }
  return best
}

/**
 * A chatbot with a model: the reply waits for the provider (a fake answering in MODEL_MS, as a fast model
 * would), which is outside the budget; what Parley adds on top of it is reported beside the budget.
 */
export async function benchModelReply(stack: StackLike, table: BenchTable, group: string) {
  const MODEL_MS = 300
  const fake = await startFakeProvider()
  fake.latencyMs = MODEL_MS
  try {
    const service = client(stack, stack.env.SUPABASE_SERVICE_ROLE_KEY)
    const publicId = `benchmodel${randomUUID().slice(0, 8)}`
    const bot = await service
      .from('chatbots')
      .insert({ store_id: DEMO_STORE, name: 'Model bot', public_id: publicId, languages: ['en'] })
      .select('id')
      .single<{ id: string }>()
    if (bot.error) throw bot.error
    await service
      .from('chatbot_ai_settings')
      .update({ provider: 'openai', base_url: `${fake.url}/v1`, model: 'fake', api_key: 'key-bench' })
      .eq('chatbot_id', bot.data.id)
      .throwOnError()
    const shopper = await Shopper.open(stack, publicId)
    const times: number[] = []
    try {
      for (let i = 0; i < 23; i++) {
        const outcome = await shopper.say(LINES[i % LINES.length] ?? 'shipping')
        if (!('ms' in outcome)) throw new Error(`the model bot did not answer: ${JSON.stringify(outcome)}`)
        if (i >= 3) times.push(outcome.ms) // the first few warm up
      }
    } finally {
      await shopper.close()
    }
    const how = '1 shopper, 20 lines, sequential'
    table.add({
      group,
      figure: `reply with a model (provider answering in ${MODEL_MS} ms), p50`,
      value: percentile(times, 0.5),
      unit: 'ms',
      note: how,
    })
    table.add({
      group,
      figure: '  of which Parley (reply minus the provider), p95',
      value: percentile(times, 0.95) - MODEL_MS,
      unit: 'ms',
      reference: { kind: 'budget', value: REPLY_BUDGET_MS },
      note: how,
    })
  } finally {
    await fake.close()
  }
}
