import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { signJwt } from '../src/jwt.ts'
import type { Stack } from '../src/stack.ts'
import { startTestStack, testDatabaseUrl } from '../src/testing.ts'

// /realtime/v1 driven by the real supabase-js (realtime-js 2.119.1): postgres_changes under RLS, filters,
// broadcast (binary frames), presence, token refresh and expiry, reconnection and REST broadcast, on the
// embedded engine and (in CI) on PostgreSQL.
const engines = [
  { name: 'PGlite', server: undefined },
  ...(testDatabaseUrl ? [{ name: 'PostgreSQL', server: testDatabaseUrl }] : []),
]

function subscribed(channel: RealtimeChannel): Promise<void> {
  return new Promise((resolve, reject) => {
    channel.subscribe((status, err) => {
      if (status === 'SUBSCRIBED') resolve()
      else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') reject(err ?? new Error(status))
    })
  })
}

type Change = { eventType: string; new: Record<string, unknown>; old: Record<string, unknown> }

describe.each(engines)('Realtime on $name', ({ server }) => {
  let stack: Stack
  let service: SupabaseClient
  let owner: SupabaseClient
  let ownerToken: string
  let ownerId: string
  let outsiderToken: string
  let storeId: string
  let sessionId: string
  const clients: SupabaseClient[] = []

  const client = (key: string, accessToken?: () => Promise<string>) => {
    const c = createClient(stack.env.SUPABASE_URL, key, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as never },
      ...(accessToken ? { accessToken } : {}),
    })
    clients.push(c)
    return c
  }
  const signedUp = async (email: string) => {
    const c = client(stack.env.SUPABASE_ANON_KEY)
    const { data, error } = await c.auth.signUp({ email, password: 'correct-horse-battery' })
    if (error || !data.session) throw error ?? new Error('no session')
    await c.realtime.setAuth()
    return { c, token: data.session.access_token, userId: data.session.user.id }
  }
  /** A client whose realtime token is whatever `token.value` holds when it asks (third-party auth style). */
  const tokenClient = async (initial: string) => {
    const token = { value: initial }
    const c = client(stack.env.SUPABASE_ANON_KEY, async () => token.value)
    await c.realtime.setAuth()
    return { c, token }
  }
  const sql = (text: string, params: unknown[] = []) => stack.db.pool.query(text, params)
  const restBroadcast = (messages: unknown[], key = stack.env.SUPABASE_SERVICE_ROLE_KEY) =>
    fetch(`${stack.env.SUPABASE_URL}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: { apikey: key, authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messages }),
    })

  /**
   * Proves a client received nothing more on its socket: a fence broadcast sent after a change was delivered
   * to someone arrives after anything that change could have produced for this client.
   */
  const fences = new Map<SupabaseClient, string[]>()
  const withFence = async (c: SupabaseClient) => {
    if (fences.has(c)) return // a client has one channel per topic
    const seen: string[] = []
    fences.set(c, seen)
    await subscribed(c.channel('fence').on('broadcast', { event: 'fence' }, (m) => seen.push(m.payload.n)))
  }
  const fence = async (...cs: SupabaseClient[]) => {
    const n = crypto.randomUUID()
    expect((await restBroadcast([{ topic: 'fence', event: 'fence', payload: { n } }])).status).toBe(202)
    for (const c of cs) await expect.poll(() => fences.get(c), { message: 'the fence' }).toContain(n)
  }
  const insertMessage = async (content: string) => {
    const { data, error } = await service
      .from('messages')
      .insert({ store_id: storeId, session_id: sessionId, sender: 'customer', content })
      .select('id')
      .single<{ id: number }>()
    if (error) throw error
    return data.id
  }

  beforeAll(async () => {
    stack = await startTestStack({ databaseUrl: server })
    service = client(stack.env.SUPABASE_SERVICE_ROLE_KEY)
    const o = await signedUp('owner@shop.test')
    owner = o.c
    ownerToken = o.token
    ownerId = o.userId
    const outsider = await signedUp('outsider@elsewhere.test')
    outsiderToken = outsider.token
    const store = await owner.rpc('create_store', { p_name: 'Trail Shop' }).single<{ id: string }>()
    if (store.error) throw store.error
    storeId = store.data.id
    const other = await outsider.c.rpc('create_store', { p_name: 'Other Shop' }).single<{ id: string }>()
    if (other.error) throw other.error
    const bot = await service
      .from('chatbots')
      .insert({ store_id: storeId, name: 'Helper' })
      .select('id')
      .single<{ id: string }>()
    if (bot.error) throw bot.error
    const session = await service
      .from('chat_sessions')
      .insert({ store_id: storeId, chatbot_id: bot.data.id })
      .select('id')
      .single<{ id: string }>()
    if (session.error) throw session.error
    sessionId = session.data.id

    // A table of our own for filters and column privileges: no RLS, `secret` hidden from the API roles.
    await sql(`create table public.rt_items (id int primary key, label text, n int, flag boolean,
      at timestamptz default now(), secret text default 'hush')`)
    await sql('revoke select on public.rt_items from anon, authenticated')
    await sql('grant select (id, label, n, flag, at) on public.rt_items to anon, authenticated')
    await sql('alter publication supabase_realtime add table public.rt_items')
  })
  afterAll(async () => {
    for (const c of clients) {
      await c.removeAllChannels().catch(() => undefined)
      c.realtime.disconnect()
    }
    await stack?.stop()
  })

  it('refuses a WebSocket whose apikey is not a valid JWT, and answers heartbeats', async () => {
    const base = stack.env.SUPABASE_URL.replace(/^http/, 'ws')
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`${base}/realtime/v1/websocket?apikey=not-a-jwt&vsn=2.0.0`)
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      ws.on('open', () => reject(new Error('opened')))
      ws.on('error', () => undefined)
    })
    expect(status).toBe(401)

    const ws = new WebSocket(`${base}/realtime/v1/websocket?apikey=${stack.env.SUPABASE_ANON_KEY}&vsn=2.0.0`)
    const reply = await new Promise<unknown>((resolve, reject) => {
      ws.on('open', () => ws.send(JSON.stringify([null, '1', 'phoenix', 'heartbeat', {}])))
      ws.on('message', (data) => resolve(JSON.parse(String(data))))
      ws.on('error', reject)
    })
    ws.close()
    expect(reply).toEqual([null, '1', 'phoenix', 'phx_reply', { status: 'ok', response: {} }])
  })

  it('refuses to join a channel with a bad JWT', async () => {
    const { c } = await tokenClient('not-a-jwt')
    const channel = c.channel('room-bad-jwt')
    await expect(subscribed(channel)).rejects.toThrow(/Unauthorized/)
    await c.removeChannel(channel)
  })

  it("delivers a message row to its store's member only: not to another store's user, not to anon", async () => {
    const anon = client(stack.env.SUPABASE_ANON_KEY)
    const outsider = (await tokenClient(outsiderToken)).c
    const got = new Map<SupabaseClient, Change[]>()
    for (const c of [owner, outsider, anon]) {
      const list: Change[] = []
      got.set(c, list)
      await withFence(c)
      await subscribed(
        c
          .channel(`messages-${crypto.randomUUID()}`)
          .on(
            'postgres_changes',
            { event: 'INSERT', schema: 'public', table: 'messages', filter: `session_id=eq.${sessionId}` },
            (p) => list.push(p as unknown as Change),
          ),
      )
    }
    const id = await insertMessage('Hello, is the tent waterproof?')
    const owners = got.get(owner) as Change[]
    await expect.poll(() => owners.length, { message: "the owner's event" }).toBeGreaterThan(0)
    const [event] = owners
    expect(event?.eventType).toBe('INSERT')
    expect(event?.new).toMatchObject({ id, content: 'Hello, is the tent waterproof?', session_id: sessionId })
    await fence(outsider, anon)
    expect(got.get(outsider)).toEqual([])
    expect(got.get(anon)).toEqual([])
  })

  it("gives an anonymous visitor its own session's public messages, never the private notes", async () => {
    const visitor = client(stack.env.SUPABASE_ANON_KEY)
    const { data, error } = await visitor.auth.signInAnonymously()
    if (error || !data.user) throw error ?? new Error('no user')
    await visitor.realtime.setAuth()
    const bot = await service
      .from('chatbots')
      .select('id')
      .eq('store_id', storeId)
      .limit(1)
      .single<{ id: string }>()
    const session = await service
      .from('chat_sessions')
      .insert({ store_id: storeId, chatbot_id: bot.data?.id, visitor_id: data.user.id })
      .select('id')
      .single<{ id: string }>()
    if (session.error) throw session.error
    const got: Change[] = []
    await subscribed(
      visitor
        .channel(`session-${session.data.id}`)
        .on(
          'postgres_changes',
          { event: '*', schema: 'public', table: 'messages', filter: `session_id=eq.${session.data.id}` },
          (p) => got.push(p as unknown as Change),
        ),
    )
    await withFence(visitor)
    const rows = await service
      .from('messages')
      .insert([
        {
          store_id: storeId,
          session_id: session.data.id,
          sender: 'agent',
          content: 'internal note',
          is_private: true,
        },
        {
          store_id: storeId,
          session_id: session.data.id,
          sender: 'agent',
          content: 'Happy to help!',
          is_private: false,
        },
      ])
      .select('id')
    if (rows.error) throw rows.error
    // changes are delivered in commit order: once the reply is here, the note (inserted first) was decided on
    await expect.poll(() => got.length, { message: "the visitor's event" }).toBe(1)
    await fence(visitor)
    expect(got.map((c) => c.new.content)).toEqual(['Happy to help!'])
  })

  it('applies every filter operator, and limits columns to what the role may select', async () => {
    const anon = client(stack.env.SUPABASE_ANON_KEY)
    const filters = {
      all: undefined,
      eq: 'n=eq.2',
      neq: 'n=neq.2',
      lt: 'n=lt.2',
      lte: 'n=lte.2',
      gt: 'n=gt.2',
      gte: 'n=gte.2',
      in: 'label=in.(a,"c,d")',
      bool: 'flag=eq.true',
    }
    const got: Record<string, number[]> = {}
    let payload: Record<string, unknown> | undefined
    const channel = anon.channel('items')
    for (const [name, filter] of Object.entries(filters)) {
      got[name] = []
      channel.on(
        'postgres_changes',
        { event: 'INSERT', schema: 'public', table: 'rt_items', ...(filter ? { filter } : {}) },
        (p) => {
          got[name]?.push((p.new as { n: number }).n)
          if (name === 'all') payload = p as unknown as Record<string, unknown>
        },
      )
    }
    await subscribed(channel)
    await sql(`insert into public.rt_items (id, label, n, flag) values
      (1, 'a', 1, true), (2, 'b', 2, false), (3, 'c,d', 3, true)`)
    await expect.poll(() => got.all?.length, { message: 'three inserts' }).toBe(3)
    expect(got).toEqual({
      all: [1, 2, 3],
      eq: [2],
      neq: [1, 3],
      lt: [1],
      lte: [1, 2],
      gt: [3],
      gte: [2, 3],
      in: [1, 3],
      bool: [1, 3],
    })
    expect(Object.keys((payload as { new: object }).new).sort()).toEqual(['at', 'flag', 'id', 'label', 'n'])
    expect(payload).toMatchObject({ schema: 'public', table: 'rt_items', eventType: 'INSERT', errors: null })
  })

  it('filters and delivers enum columns (chat_sessions.status) by their values, as PostgREST does', async () => {
    const got: Change[] = []
    await withFence(owner)
    await subscribed(
      owner
        .channel(`waiting-${crypto.randomUUID()}`)
        .on(
          'postgres_changes',
          { event: 'UPDATE', schema: 'public', table: 'chat_sessions', filter: 'status=in.(queued,human)' },
          (p) => got.push(p as unknown as Change),
        ),
    )
    for (const status of ['queued', 'resolved', 'human']) {
      const { error } = await owner.from('chat_sessions').update({ status }).eq('id', sessionId)
      if (error) throw error
    }
    await expect
      .poll(() => got.map((c) => c.new.status), { message: 'the update to human' })
      .toContain('human')
    await fence(owner)
    // (queued also fires a second UPDATE: the handoff trigger marks the session's handoff_state)
    expect(got.some((c) => c.new.status === 'queued' && c.old.status === 'bot')).toBe(true)
    expect(got.find((c) => c.new.status === 'human')?.old.status).toBe('resolved')
    expect(got.filter((c) => c.new.status === 'resolved')).toEqual([])

    const waiting = await owner.from('chat_sessions').select('id, status').in('status', ['queued', 'human'])
    expect(waiting.data).toEqual([{ id: sessionId, status: 'human' }])
    const unknown = await owner.from('chat_sessions').select('id').eq('status', 'closed')
    expect(unknown.status).toBe(400)
    expect(unknown.error?.code).toBe('22P02')
  })

  it('sends UPDATE with the new row and DELETE with the key, old values with replica identity full', async () => {
    const anon = client(stack.env.SUPABASE_ANON_KEY)
    const got: Change[] = []
    await subscribed(
      anon
        .channel('items-changes')
        .on(
          'postgres_changes',
          { event: '*', schema: 'public', table: 'rt_items', filter: 'id=gte.10' },
          (p) => got.push(p as unknown as Change),
        ),
    )
    await sql(`insert into public.rt_items (id, label, n) values (10, 'x', 1)`)
    await sql(`update public.rt_items set label = 'y' where id = 10`)
    await sql('alter table public.rt_items replica identity full')
    await sql(`update public.rt_items set label = 'z' where id = 10`)
    await sql('delete from public.rt_items where id = 10')
    await expect.poll(() => got.length, { message: 'four changes' }).toBe(4)
    expect(got.map((c) => c.eventType)).toEqual(['INSERT', 'UPDATE', 'UPDATE', 'DELETE'])
    expect(got[1]?.new).toMatchObject({ id: 10, label: 'y' })
    expect(got[1]?.old).toEqual({ id: 10 })
    expect(got[2]?.old).toMatchObject({ id: 10, label: 'y' })
    expect(got[2]?.old).not.toHaveProperty('secret')
    expect(got[3]?.old).toMatchObject({ id: 10, label: 'z' })
  })

  it('relays client broadcasts (JSON and raw binary frames) with self and ack', async () => {
    const a = client(stack.env.SUPABASE_ANON_KEY)
    const b = client(stack.env.SUPABASE_ANON_KEY)
    const atA: unknown[] = []
    const atB: unknown[] = []
    const chA = a
      .channel('room-1', { config: { broadcast: { self: true, ack: true } } })
      .on('broadcast', { event: '*' }, (m) => atA.push(m.payload))
    const chB = b.channel('room-1').on('broadcast', { event: '*' }, (m) => atB.push(m.payload))
    await subscribed(chA)
    await subscribed(chB)
    await withFence(b)
    expect(
      await chA.send({ type: 'broadcast', event: 'typing', payload: { sender: 'agent', typing: true } }),
    ).toBe('ok')
    expect(
      await chA.send({ type: 'broadcast', event: 'bytes', payload: new Uint8Array([1, 2, 250]).buffer }),
    ).toBe('ok')
    await expect.poll(() => atB.length, { message: 'two broadcasts at B' }).toBe(2)
    expect(atB[0]).toEqual({ sender: 'agent', typing: true })
    expect([...new Uint8Array(atB[1] as ArrayBuffer)]).toEqual([1, 2, 250])
    // self: the sender hears itself; B (self: false) does not hear its own
    await expect.poll(() => atA.length, { message: 'A hearing itself' }).toBe(2)
    await chB.send({ type: 'broadcast', event: 'typing', payload: { from: 'b' } })
    await expect.poll(() => atA.length, { message: 'A hearing B' }).toBe(3)
    await fence(b)
    expect(atB).toHaveLength(2)
  })

  it('syncs presence: state on join, joins and leaves', async () => {
    const a = client(stack.env.SUPABASE_ANON_KEY)
    const b = client(stack.env.SUPABASE_ANON_KEY)
    const chA = a
      .channel('lobby', { config: { presence: { key: 'alice' } } })
      .on('presence', { event: 'sync' }, () => {})
    await subscribed(chA)
    expect(await chA.track({ status: 'online' })).toBe('ok')
    const leaves: string[] = []
    const chB = b
      .channel('lobby', { config: { presence: { key: 'bob' } } })
      .on('presence', { event: 'sync' }, () => {})
      .on('presence', { event: 'leave' }, ({ key }) => leaves.push(key))
    await subscribed(chB)
    // B learns of A from the initial presence_state
    await expect.poll(() => chB.presenceState().alice, { message: "alice in B's state" }).toBeDefined()
    expect(chB.presenceState().alice?.[0]).toMatchObject({ status: 'online' })
    await chB.track({ status: 'away' })
    await expect.poll(() => chA.presenceState().bob, { message: "bob in A's state" }).toBeDefined()
    await chA.untrack()
    await expect.poll(() => leaves, { message: 'alice leaving' }).toContain('alice')
    expect(chB.presenceState().alice).toBeUndefined()
    await chB.track({ status: 'online' })
    const bobStatus = () => (chA.presenceState().bob?.[0] as { status?: string } | undefined)?.status
    await expect.poll(bobStatus, { message: 'bob re-tracked' }).toBe('online')
    expect(chA.presenceState().bob).toHaveLength(1)
    await b.removeChannel(chB)
    await expect
      .poll(() => chA.presenceState().bob, { message: 'bob gone after leaving the channel' })
      .toBeUndefined()
  })

  it('swaps the claims used for RLS when the access token changes', async () => {
    const { c, token } = await tokenClient(outsiderToken)
    const got: Change[] = []
    const channel = c
      .channel('messages-refresh', { config: { broadcast: { ack: true } } })
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'messages' }, (p) =>
        got.push(p as unknown as Change),
      )
    await subscribed(channel)
    await withFence(c)
    // a service-role watcher proves the change went out before the fence does
    const watched: number[] = []
    await subscribed(
      client(stack.env.SUPABASE_SERVICE_ROLE_KEY)
        .channel('messages-watch')
        .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'messages' }, (p) =>
          watched.push((p.new as { id: number }).id),
        ),
    )
    const hidden = await insertMessage('not for outsiders')
    await expect.poll(() => watched, { message: 'the watcher seeing the insert' }).toContain(hidden)
    await fence(c)
    expect(got).toEqual([])

    token.value = ownerToken
    await c.realtime.setAuth()
    // the server handles a socket's frames in order: once this is acked, the new token is in force
    expect(await channel.send({ type: 'broadcast', event: 'sync', payload: {} })).toBe('ok')
    const id = await insertMessage('for the owner')
    await expect.poll(() => got.length, { message: 'the event after the refresh' }).toBe(1)
    expect(got[0]?.new).toMatchObject({ id, content: 'for the owner' })
  })

  it('closes a channel with a system error when its token is expired or expires', async () => {
    const expired = await signJwt(
      { role: 'authenticated', sub: crypto.randomUUID(), exp: Math.floor(Date.now() / 1000) - 60 },
      stack.config.jwtSecret,
    )
    const { c, token } = await tokenClient(stack.env.SUPABASE_ANON_KEY)
    const system: Array<{ status: string; message: string }> = []
    const statuses: string[] = []
    const channel = c.channel('expiring').on('system', {}, (m) => system.push(m))
    await new Promise<void>((resolve) =>
      channel.subscribe((s) => {
        statuses.push(s)
        if (s === 'SUBSCRIBED') resolve()
      }),
    )
    token.value = expired
    await c.realtime.setAuth()
    await expect.poll(() => statuses, { message: 'the channel closing' }).toContain('CLOSED')
    expect(system.at(-1)).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/Token has expired/),
    })

    // a token that runs out while joined: Realtime stops the channel at expiry
    token.value = await signJwt(
      { role: 'anon', exp: Math.floor(Date.now() / 1000) + 2 },
      stack.config.jwtSecret,
    )
    await c.realtime.setAuth()
    const late = c.channel('expiring-later')
    const lateStatuses: string[] = []
    await new Promise<void>((resolve) =>
      late.subscribe((s) => {
        lateStatuses.push(s)
        if (s === 'SUBSCRIBED') resolve()
      }),
    )
    await expect
      .poll(() => lateStatuses, { message: 'the channel closing at expiry', timeout: 6000 })
      .toContain('CLOSED')
  })

  it('authorises private channels with RLS policies on realtime.messages', async () => {
    const room = "'private-room:' || (select auth.uid())::text"
    await sql(`create policy "own room: read" on realtime.messages for select to authenticated
      using (realtime.topic() = ${room})`)
    await sql(`create policy "own room: write" on realtime.messages for insert to authenticated
      with check (realtime.topic() = ${room})`)
    const topic = `private-room:${ownerId}`
    const got: unknown[] = []
    const mine = owner
      .channel(topic, { config: { private: true, broadcast: { self: true, ack: true } } })
      .on('broadcast', { event: '*' }, (m) => got.push(m.payload))
    await subscribed(mine)
    await withFence(owner)

    const outsider = (await tokenClient(outsiderToken)).c
    const theirs = outsider.channel(topic, { config: { private: true } })
    await expect(subscribed(theirs)).rejects.toThrow(/Unauthorized/)
    await outsider.removeChannel(theirs)
    const anon = client(stack.env.SUPABASE_ANON_KEY)
    const anons = anon.channel(topic, { config: { private: true } })
    await expect(subscribed(anons)).rejects.toThrow(/Unauthorized/)
    await anon.removeChannel(anons)

    expect(await mine.send({ type: 'broadcast', event: 'note', payload: { from: 'owner' } })).toBe('ok')
    // a public channel of the same name is another room, and a caller without write access is dropped
    await restBroadcast([{ topic, event: 'note', payload: { from: 'public' } }])
    await restBroadcast(
      [{ topic, event: 'note', payload: { from: 'outsider' }, private: true }],
      outsiderToken,
    )
    await restBroadcast([{ topic, event: 'note', payload: { from: 'service' }, private: true }])
    await expect.poll(() => got.length, { message: 'two private broadcasts' }).toBe(2)
    await fence(owner)
    expect(got).toEqual([{ from: 'owner' }, { from: 'service' }])
  })

  it('authorises broadcast and presence apart, drops refused sends, and re-checks reads on a new token', async () => {
    // Everyone signed in may read broadcasts of club rooms; members (a JWT claim) also see presence and may
    // send; only the owner may broadcast.
    await sql(`create policy "club: read" on realtime.messages for select to authenticated
      using (realtime.topic() like 'club:%' and (extension = 'broadcast' or (auth.jwt() ->> 'club') = 'yes'))`)
    await sql(`create policy "club: write" on realtime.messages for insert to authenticated
      with check (realtime.topic() like 'club:%' and extension = 'broadcast' and (select auth.uid()) = '${ownerId}')`)
    const topic = 'club:1'
    const member = await signJwt(
      {
        role: 'authenticated',
        sub: crypto.randomUUID(),
        club: 'yes',
        exp: Math.floor(Date.now() / 1000) + 600,
      },
      stack.config.jwtSecret,
    )
    const { c: reader, token } = await tokenClient(member)
    const heard: unknown[] = []
    const system: Array<{ message: string }> = []
    const statuses: string[] = []
    const readerChannel = reader
      .channel(topic, { config: { private: true, presence: { key: 'reader' } } })
      .on('broadcast', { event: '*' }, (m) => heard.push(m.payload))
      .on('presence', { event: 'sync' }, () => undefined)
      .on('system', {}, (m) => system.push(m))
    await new Promise<void>((resolve, reject) =>
      readerChannel.subscribe((s, err) => {
        statuses.push(s)
        if (s === 'SUBSCRIBED') resolve()
        else if (s === 'CHANNEL_ERROR') reject(err)
      }),
    )
    await withFence(reader)

    const ownerChannel = owner.channel(topic, { config: { private: true, broadcast: { ack: true } } })
    await subscribed(ownerChannel)
    const ownerHeard: unknown[] = []
    ownerChannel.on('broadcast', { event: '*' }, (m) => ownerHeard.push(m.payload))
    await withFence(owner)

    // reading is not writing: the reader's broadcast is dropped without a word, its track refused
    expect(await readerChannel.send({ type: 'broadcast', event: 'note', payload: { from: 'reader' } })).toBe(
      'ok',
    )
    expect(await readerChannel.track({ online: true })).toBe('error')
    expect(await ownerChannel.send({ type: 'broadcast', event: 'note', payload: { from: 'owner' } })).toBe(
      'ok',
    )
    await expect.poll(() => heard.length, { message: 'the owner broadcast' }).toBe(1)
    await fence(owner, reader)
    expect(heard).toEqual([{ from: 'owner' }])
    expect(ownerHeard).toEqual([])

    // a token without the claim can still read broadcasts, but presence was taken away: the channel stops
    token.value = await signJwt(
      { role: 'authenticated', sub: crypto.randomUUID(), exp: Math.floor(Date.now() / 1000) + 600 },
      stack.config.jwtSecret,
    )
    await reader.realtime.setAuth()
    await expect.poll(() => statuses, { message: 'the channel closing' }).toContain('CLOSED')
    expect(system.at(-1)).toMatchObject({
      message: `You no longer have permission to read from this Channel topic: ${topic}`,
    })
  })

  it('leaves a channel on unsubscribe', async () => {
    const c = client(stack.env.SUPABASE_ANON_KEY)
    const got: unknown[] = []
    const channel = c.channel('leaving').on('broadcast', { event: 'x' }, (m) => got.push(m))
    await subscribed(channel)
    await withFence(c)
    expect(await channel.unsubscribe()).toBe('ok')
    await restBroadcast([{ topic: 'leaving', event: 'x', payload: {} }])
    await fence(c)
    expect(got).toEqual([])
  })

  it('reconnects and rejoins after the server drops the socket', async () => {
    const c = client(stack.env.SUPABASE_ANON_KEY)
    const got: unknown[] = []
    let joins = 0
    const channel = c.channel('sturdy').on('broadcast', { event: 'ping' }, (m) => got.push(m.payload))
    await new Promise<void>((resolve) =>
      channel.subscribe((s) => {
        if (s === 'SUBSCRIBED' && ++joins === 1) resolve()
      }),
    )
    stack.realtime.disconnectAll()
    await expect.poll(() => joins, { message: 'the rejoin', timeout: 15_000 }).toBe(2)
    await restBroadcast([{ topic: 'sturdy', event: 'ping', payload: { n: 1 } }])
    await expect.poll(() => got.length, { message: 'a broadcast after reconnecting' }).toBe(1)
    expect(got).toEqual([{ n: 1 }])
  }, 20_000)

  it('delivers broadcasts sent from the database with realtime.send()', async () => {
    const c = client(stack.env.SUPABASE_ANON_KEY)
    const got: unknown[] = []
    await subscribed(c.channel('db-room').on('broadcast', { event: 'db-event' }, (m) => got.push(m.payload)))
    await sql(`select realtime.send('{"total": 42}', 'db-event', 'db-room', false)`)
    await expect.poll(() => got.length, { message: 'the database broadcast' }).toBe(1)
    expect(got).toEqual([{ total: 42 }])
  })

  it('accepts REST broadcasts (batch and httpSend) and refuses them without a valid key', async () => {
    const c = client(stack.env.SUPABASE_ANON_KEY)
    const got: unknown[] = []
    const channel = c.channel('rest-room').on('broadcast', { event: '*' }, (m) => got.push(m.payload))
    await subscribed(channel)
    // an edge function's call: the user's own JWT works as well as the service key
    const res = await restBroadcast(
      [{ topic: 'rest-room', event: 'typing', payload: { typing: true } }],
      ownerToken,
    )
    expect(res.status).toBe(202)
    const sender = client(stack.env.SUPABASE_ANON_KEY).channel('rest-room')
    await sender.httpSend('note', { via: 'httpSend' })
    await expect.poll(() => got.length, { message: 'both REST broadcasts' }).toBe(2)
    expect(got).toEqual([{ typing: true }, { via: 'httpSend' }])
    expect((await restBroadcast([{ topic: 'rest-room', event: 'x', payload: {} }], 'bad')).status).toBe(401)
    expect((await restBroadcast([{ topic: '', event: '' }])).status).toBe(422)
  })

  it('delivers each insert as it commits, in commit order, heard at once rather than by the safety poll', async () => {
    // How fast is measured by `pnpm bench` (realtime: SQL insert -> event); here, that it is pushed on commit.
    const health = await (await fetch(`${stack.env.SUPABASE_URL}/health`)).json()
    expect(health.parts.realtime).toMatchObject({ listening: true })
    const got: number[] = []
    const c = client(stack.env.SUPABASE_SERVICE_ROLE_KEY)
    await subscribed(
      c
        .channel('in-order')
        .on(
          'postgres_changes',
          { event: 'INSERT', schema: 'public', table: 'rt_items', filter: 'id=gte.100' },
          (p) => got.push((p.new as { n: number }).n),
        ),
    )
    const sent: number[] = []
    for (let i = 0; i < 20; i++) {
      await sql('insert into public.rt_items (id, label, n) values ($1, $2, $3)', [100 + i, 'order', i])
      sent.push(i)
      await expect.poll(() => got, { message: `the event of insert ${i}` }).toEqual([...sent])
    }
  })
})
