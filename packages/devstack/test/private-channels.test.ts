import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Stack } from '../src/stack.ts'
import { startTestStack, testDatabaseUrl } from '../src/testing.ts'

// A shopper's session channel, private (supabase/migrations/*_realtime_topics.sql), through the real
// supabase-js: the shopper and the store's team hear the functions' typing broadcasts; another visitor or the
// bare anon key can neither join nor put a fake "typing" in front of the shopper, over the socket or REST.
const engines = [
  { name: 'PGlite', server: undefined },
  ...(testDatabaseUrl ? [{ name: 'PostgreSQL', server: testDatabaseUrl }] : []),
]

function join(channel: RealtimeChannel): Promise<void> {
  return new Promise((resolve, reject) => {
    channel.subscribe((status, err) => {
      if (status === 'SUBSCRIBED') resolve()
      else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') reject(err ?? new Error(status))
    })
  })
}

describe.each(engines)('private session channels on $name', ({ server }) => {
  let stack: Stack
  let service: SupabaseClient
  let shopper: SupabaseClient
  let stranger: SupabaseClient
  let owner: SupabaseClient
  let sessionId: string
  const clients: SupabaseClient[] = []

  const client = (key: string) => {
    const c = createClient(stack.env.SUPABASE_URL, key, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as never },
    })
    clients.push(c)
    return c
  }
  /** A signed-in client whose realtime socket carries its own token (what the widget must do: setAuth). */
  const signedIn = async (sign: (c: SupabaseClient) => Promise<{ error: unknown }>) => {
    const c = client(stack.env.SUPABASE_ANON_KEY)
    const { error } = await sign(c)
    if (error) throw error
    await c.realtime.setAuth()
    return c
  }
  const restBroadcast = (key: string, token: string, isPrivate: boolean) =>
    fetch(`${stack.env.SUPABASE_URL}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: { apikey: key, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        messages: [
          {
            topic: `session:${sessionId}`,
            event: 'typing',
            payload: { sender: 'agent', typing: true, forged: true },
            private: isPrivate,
          },
        ],
      }),
    })

  beforeAll(async () => {
    stack = await startTestStack({ databaseUrl: server })
    service = client(stack.env.SUPABASE_SERVICE_ROLE_KEY)
    shopper = await signedIn((c) => c.auth.signInAnonymously())
    stranger = await signedIn((c) => c.auth.signInAnonymously())
    owner = await signedIn((c) => c.auth.signUp({ email: 'owner@shop.test', password: 'correct-horse-1' }))
    const store = await owner.rpc('create_store', { p_name: 'Trail Shop' }).single<{ id: string }>()
    if (store.error) throw store.error
    const bot = await service
      .from('chatbots')
      .insert({ store_id: store.data.id, name: 'Helper' })
      .select('id')
      .single<{ id: string }>()
    if (bot.error) throw bot.error
    const shopperId = (await shopper.auth.getUser()).data.user?.id
    const session = await service
      .from('chat_sessions')
      .insert({ store_id: store.data.id, chatbot_id: bot.data.id, visitor_id: shopperId })
      .select('id')
      .single<{ id: string }>()
    if (session.error) throw session.error
    sessionId = session.data.id
  })
  afterAll(async () => {
    for (const c of clients) {
      await c.removeAllChannels().catch(() => undefined)
      c.realtime.disconnect()
    }
    await stack?.stop()
  })

  it('lets the shopper and the store team join, and nobody else', async () => {
    for (const [member, topic] of [
      [shopper, `session:${sessionId}`],
      [owner, `session:${sessionId}#1`],
    ] as const) {
      const channel = member.channel(topic, { config: { private: true } })
      await join(channel)
      await member.removeChannel(channel)
    }
    for (const outsider of [stranger, client(stack.env.SUPABASE_ANON_KEY)]) {
      const channel = outsider.channel(`session:${sessionId}`, { config: { private: true } })
      await expect(join(channel)).rejects.toThrow(/Unauthorized/)
      await outsider.removeChannel(channel)
    }
  })

  it('delivers the functions’ typing to the shopper, and no forged typing from anyone else', async () => {
    const heard: Array<Record<string, unknown>> = []
    const channel = shopper
      .channel(`session:${sessionId}`, { config: { private: true } })
      .on('broadcast', { event: 'typing' }, (m) => heard.push(m.payload))
    await join(channel)

    // Forgeries: a public broadcast on the same name (another room), a private one from another visitor's
    // token or the anon key (refused by the policies), and a send from a channel the stranger joined publicly.
    const anonKey = stack.env.SUPABASE_ANON_KEY
    const strangerToken = (await stranger.auth.getSession()).data.session?.access_token as string
    expect((await restBroadcast(anonKey, anonKey, false)).status).toBe(202)
    expect((await restBroadcast(anonKey, anonKey, true)).status).toBe(202)
    expect((await restBroadcast(anonKey, strangerToken, true)).status).toBe(202)
    const open = stranger.channel(`session:${sessionId}`, { config: { broadcast: { ack: true } } })
    await join(open)
    expect(
      await open.send({ type: 'broadcast', event: 'typing', payload: { sender: 'bot', forged: true } }),
    ).toBe('ok')

    // The real one, as the chat function and the webhook handler send it: private, with the service key.
    const key = stack.env.SUPABASE_SERVICE_ROLE_KEY
    const real = await fetch(`${stack.env.SUPABASE_URL}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: { apikey: key, authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        messages: [
          {
            topic: `session:${sessionId}`,
            event: 'typing',
            payload: { sender: 'bot', typing: true },
            private: true,
          },
        ],
      }),
    })
    expect(real.status).toBe(202)
    // Delivery is in order on one server: once the real one is here, no forgery can still be on its way.
    await expect.poll(() => heard.length, { message: 'the real typing broadcast' }).toBeGreaterThan(0)
    expect(heard).toEqual([{ sender: 'bot', typing: true }])
  })
})
