// The visitor round trip: a message sent through the chat function until the bot's reply arrives over
// realtime, for many visitors at once, beside its floor measured in the same run: a bare PostgREST insert
// and select plus the realtime event that insert causes.
import { randomUUID } from 'node:crypto'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import WebSocket from 'ws'
import type { Stack } from '../src/stack.ts'
import { percentile } from './stats.ts'

const DEMO_CHATBOT = 'acmeoutdoor0001'
const QUESTIONS = ['How long does shipping take?', 'Can I return my boots?', 'Which size should I pick?']

interface Row {
  id: number
  sender: string
}

function client(stack: Stack, key: string): SupabaseClient {
  return createClient(stack.env.SUPABASE_URL, key, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  })
}

/** Resolves with the first INSERT on `messages` of `sessionId` that `accept` takes, or fails after 20 s. */
function nextMessage(sb: SupabaseClient, sessionId: string, accept: (row: Row) => boolean) {
  let resolve!: (row: Row) => void
  let reject!: (e: Error) => void
  const promise = new Promise<Row>((res, rej) => {
    resolve = res
    reject = rej
  })
  const channel = sb.channel(`bench:${sessionId}:${randomUUID()}`)
  channel.on(
    'postgres_changes',
    { event: 'INSERT', schema: 'public', table: 'messages', filter: `session_id=eq.${sessionId}` },
    (payload) => {
      const row = payload.new as Row
      if (accept(row)) resolve(row)
    },
  )
  const ready = new Promise<void>((res, rej) =>
    channel.subscribe((status, err) => {
      if (status === 'SUBSCRIBED') res()
      else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') rej(err ?? new Error(status))
    }),
  )
  const timer = setTimeout(() => reject(new Error('no realtime event within 20 s')), 20_000)
  return {
    ready,
    arrived: promise.finally(() => {
      clearTimeout(timer)
      void sb.removeChannel(channel)
    }),
  }
}

/** One visitor: anonymous sign-in, a session, then `rounds` questions, each timed until the reply arrives live. */
async function visitor(stack: Stack, rounds: number): Promise<number[]> {
  const sb = client(stack, stack.env.SUPABASE_ANON_KEY)
  const { error } = await sb.auth.signInAnonymously()
  if (error) throw error
  await sb.realtime.setAuth()
  const started = await sb.functions.invoke('chat/sessions', { body: { chatbot: DEMO_CHATBOT } })
  if (started.error) throw started.error
  const sessionId = (started.data as { session: { id: string } }).session.id
  const times: number[] = []
  for (let i = 0; i < rounds; i++) {
    const reply = nextMessage(sb, sessionId, (row) => row.sender === 'bot')
    await reply.ready
    const t = performance.now()
    const sent = await sb.functions.invoke('chat/messages', {
      body: { session_id: sessionId, content: QUESTIONS[i % QUESTIONS.length], client_id: randomUUID() },
    })
    if (sent.error) throw sent.error
    await reply.arrived
    times.push(performance.now() - t)
  }
  await sb.auth.signOut()
  return times
}

/** The floor: PostgREST insert + select of a message, and the realtime event for it, as a store member. */
async function floor(stack: Stack, samples: number): Promise<number[]> {
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
    .eq('store_id', 'de000000-0000-4000-8000-000000000010')
    .limit(1)
    .single<{ id: string; store_id: string }>()
  if (session.error) throw session.error
  const times: number[] = []
  for (let i = 0; i < samples; i++) {
    const content = `floor ${randomUUID()}`
    const event = nextMessage(owner, session.data.id, () => true)
    await event.ready
    const t = performance.now()
    const inserted = await owner
      .from('messages')
      .insert({ store_id: session.data.store_id, session_id: session.data.id, sender: 'agent', content })
      .select('id')
      .single()
    if (inserted.error) throw inserted.error
    const read = await owner.from('messages').select('id, content').eq('id', inserted.data.id).single()
    if (read.error) throw read.error
    await event.arrived
    times.push(performance.now() - t)
  }
  await owner.auth.signOut()
  return times
}

export async function benchVisitors(stack: Stack, visitors = 50, rounds = 3) {
  const floorTimes = await floor(stack, 30)
  const started = performance.now()
  const all = (await Promise.all(Array.from({ length: visitors }, () => visitor(stack, rounds)))).flat()
  const seconds = (performance.now() - started) / 1000
  const row = (name: string, times: number[], extra = '') =>
    `${name.padEnd(52)} ${percentile(times, 0.5).toFixed(0).padStart(7)} ${percentile(times, 0.95).toFixed(0).padStart(7)}  ${extra}`
  console.log(`\nvisitor round trip (message -> bot reply over realtime)      p50 ms  p95 ms`)
  console.log(row('floor: PostgREST insert + select + realtime event', floorTimes, '(1 member, sequential)'))
  console.log(
    row(
      `chat function + responder + realtime, ${visitors} visitors`,
      all,
      `(${all.length} replies in ${seconds.toFixed(1)} s)`,
    ),
  )
}
