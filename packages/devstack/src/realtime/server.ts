import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { type RawData, type WebSocket, WebSocketServer } from 'ws'
import type { DevstackConfig } from '../config.ts'
import type { Database } from '../db/index.ts'
import { BODY_LIMITS } from '../gateway.ts'
import { type Claims, verifyToken } from './auth.ts'
import { type Change, ChangeFeed, type TableMeta } from './changes.ts'
import { type Filter, matches, parseFilter } from './filters.ts'
import { type PresenceDiff, PresenceRegistry } from './presence.ts'
import {
  type BroadcastPush,
  decodeBinary,
  decodeText,
  encode,
  encodeBroadcast,
  type Message,
  type Vsn,
} from './protocol.ts'

const WEBSOCKET_PATH = '/realtime/v1/websocket'
/** Clients heartbeat every 25 s; one silent for a minute is gone (asleep, unplugged), as Phoenix decides. */
const IDLE_TIMEOUT_MS = 60_000

interface PostgresChangesConfig {
  event?: string
  schema?: string
  table?: string
  filter?: string
  select?: string[]
}

interface JoinConfig {
  broadcast?: { self?: boolean; ack?: boolean }
  presence?: { key?: string; enabled?: boolean }
  postgres_changes?: PostgresChangesConfig[]
  private?: boolean
}

interface Binding {
  id: number
  event: string
  schema: string
  table: string | undefined
  filter: Filter | undefined
}

/** What RLS on realtime.messages lets a subscriber do on a private topic, per extension. */
export interface Access {
  broadcast: boolean
  presence: boolean
}

/**
 * A private channel's policies, as Realtime keeps them: read is found out at join (and on every new access
 * token); write the first time the subscriber sends or tracks, then remembered until the token changes.
 */
interface Policies {
  read: Access
  write: Access | undefined
}

/** One joined topic on one socket. */
interface Channel {
  conn: Connection
  topic: string
  joinRef: string | null
  claims: Claims
  bindings: Binding[]
  presenceKey: string
  presenceEnabled: boolean
  self: boolean
  ack: boolean
  isPrivate: boolean
  /** Private channels only (public ones need no authorization). */
  policies: Policies | undefined
  expiry: NodeJS.Timeout | undefined
}

/** A channel with bindings that match a change, waiting for the RLS verdict. */
interface Candidate {
  ch: Channel
  ids: number[]
}

/** realtime.visible_subscribers' answer: the candidates (by index) who may see the row, and each role's columns. */
interface Verdict {
  visible: number[]
  columns: Record<string, string[]>
}

interface Connection {
  ws: WebSocket
  vsn: Vsn
  /** The socket's apikey: the token a join without access_token runs as. */
  apikey: string
  /** The upgrade request's x-* headers: policies see them as `request.headers`. */
  headers: Record<string, string>
  channels: Map<string, Channel>
  /** Frames are handled one after another, so a join finishes before the next push is looked at. */
  chain: Promise<void>
  lastSeen: number
}

export interface RealtimeHealth {
  connections: number
  channels: number
  /** Whether committed changes are heard at once (else only the 3 s safety poll delivers them). */
  listening: boolean
  /** Changes captured and not yet delivered. */
  backlog: number
}

/**
 * The Realtime server: Phoenix channels over `ws` as realtime-js expects them (README.md) with
 * broadcast, presence and postgres_changes (per-subscriber RLS via realtime.visible_subscribers).
 */
export class RealtimeServer {
  // Frames as large as a REST broadcast may be; a larger one closes the socket (1009) before it is parsed.
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: BODY_LIMITS['/realtime/v1'] })
  private readonly conns = new Set<Connection>()
  /** Keyed by topic, with a "private:" prefix for private channels: a private and a public channel never meet. */
  private readonly topics = new Map<string, Set<Channel>>()
  private readonly presence = new PresenceRegistry<Channel>()
  private nextBindingId = 1
  /** Sockets corked while a batch of changes is delivered (see sendRaw). */
  private corking: Set<Duplex> | undefined
  private readonly sweeper: NodeJS.Timeout
  readonly feed: ChangeFeed

  constructor(
    private readonly config: DevstackConfig,
    db: Database,
  ) {
    this.feed = new ChangeFeed(db, (changes) => this.deliverChanges(changes))
    this.sweeper = setInterval(() => {
      for (const conn of this.conns) if (Date.now() - conn.lastSeen > IDLE_TIMEOUT_MS) conn.ws.terminate()
    }, IDLE_TIMEOUT_MS / 4)
    this.sweeper.unref()
  }

  start(): Promise<void> {
    return this.feed.start()
  }

  async stop(): Promise<void> {
    clearInterval(this.sweeper)
    for (const conn of this.conns) conn.ws.terminate()
    await new Promise<void>((resolve) => this.wss.close(() => resolve()))
    await this.feed.stop()
  }

  /** Sockets and joined channels now, and the change feed's state. */
  async health(): Promise<RealtimeHealth> {
    let channels = 0
    for (const conn of this.conns) channels += conn.channels.size
    return { connections: this.conns.size, channels, ...(await this.feed.health()) }
  }

  /** Drops every socket, as a server restart would; clients reconnect and rejoin on their own. */
  disconnectAll(): void {
    for (const conn of this.conns) conn.ws.terminate()
  }

  /** The HTTP server's `upgrade` handler; returns false for paths that are not ours. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname.replace(/\/$/, '') !== WEBSOCKET_PATH) return false
    socket.on('error', () => socket.destroy()) // a reset while we verify the key must not crash the stack
    const header = req.headers['x-api-key']
    const apikey = url.searchParams.get('apikey') ?? (Array.isArray(header) ? header[0] : header)
    const vsn: Vsn = url.searchParams.get('vsn') === '2.0.0' ? '2.0.0' : '1.0.0'
    const refuse = (message: string) => {
      const body = JSON.stringify({ error: message })
      socket.end(
        `HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      )
    }
    if (!apikey) {
      refuse('No apikey provided')
      return true
    }
    const headers = xHeaders(req.headers)
    verifyToken(this.config, apikey).then(
      () => this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, vsn, apikey, headers)),
      (error: Error) => refuse(error.message),
    )
    return true
  }

  /** Fans a broadcast out to `realtime:<topic>` (what the REST endpoints and channel pushes do). */
  broadcast(
    topic: string,
    event: string,
    payload: unknown,
    opts: { binary?: boolean; isPrivate?: boolean; except?: Channel } = {},
  ): void {
    const full = `realtime:${topic}`
    for (const ch of this.topics.get(topicKey(full, opts.isPrivate ?? false)) ?? []) {
      if (ch === opts.except || (ch.policies && !ch.policies.read.broadcast)) continue
      this.sendRaw(ch.conn, encodeBroadcast(ch.conn.vsn, full, event, payload, opts.binary ?? false))
    }
  }

  private accept(ws: WebSocket, vsn: Vsn, apikey: string, headers: Record<string, string>): void {
    const conn: Connection = {
      ws,
      vsn,
      apikey,
      headers,
      channels: new Map(),
      chain: Promise.resolve(),
      lastSeen: Date.now(),
    }
    this.conns.add(conn)
    ws.on('message', (data: RawData, isBinary: boolean) => {
      conn.lastSeen = Date.now()
      conn.chain = conn.chain
        .then(() => this.onFrame(conn, toBuffer(data), isBinary))
        .catch((error) => console.error('[realtime] frame failed:', error))
    })
    ws.on('error', () => ws.terminate())
    ws.on('close', () => {
      this.conns.delete(conn)
      for (const ch of [...conn.channels.values()]) this.removeChannel(ch)
    })
  }

  private async onFrame(conn: Connection, data: Buffer, isBinary: boolean): Promise<void> {
    if (isBinary) {
      await this.onBroadcast(conn, decodeBinary(data))
      return
    }
    const msg = decodeText(conn.vsn, data.toString('utf8'))
    if (msg.topic === 'phoenix') {
      if (msg.event === 'heartbeat') this.reply(conn, msg, 'ok', {})
      return
    }
    if (msg.event === 'phx_join') {
      await this.join(conn, msg)
      return
    }
    const ch = conn.channels.get(msg.topic)
    if (!ch) {
      this.reply(conn, msg, 'error', { reason: 'unmatched topic' })
      return
    }
    const payload = (msg.payload ?? {}) as Record<string, unknown>
    switch (msg.event) {
      case 'phx_leave':
        this.reply(conn, msg, 'ok', {})
        this.removeChannel(ch)
        return
      case 'access_token':
        await this.refreshToken(ch, payload.access_token)
        return
      case 'broadcast':
        await this.onBroadcast(conn, {
          joinRef: msg.joinRef,
          ref: msg.ref,
          topic: msg.topic,
          event: String(payload.event ?? ''),
          payload: payload.payload,
          binary: false,
        })
        return
      case 'presence':
        // Realtime answers a refused track with a bare error.
        if (payload.event === 'track' && !(await this.mayWrite(ch)).presence) {
          this.reply(conn, msg, 'error', {})
          return
        }
        if (payload.event === 'track') this.track(ch, (payload.payload ?? {}) as Record<string, unknown>)
        else if (payload.event === 'untrack') this.untrack(ch)
        this.reply(conn, msg, 'ok', {})
        return
      default:
        this.reply(conn, msg, 'ok', {})
    }
  }

  private async join(conn: Connection, msg: Message): Promise<void> {
    const payload = (msg.payload ?? {}) as { config?: JoinConfig; access_token?: unknown }
    const config = payload.config ?? {}
    const name = msg.topic.replace(/^realtime:/, '')
    let claims: Claims
    try {
      claims = await verifyToken(this.config, this.tokenOf(conn, payload.access_token))
    } catch (error) {
      this.reply(conn, msg, 'error', { reason: `Unauthorized: ${(error as Error).message}` })
      return
    }
    const isPrivate = config.private === true
    const read = isPrivate ? await this.readPolicies(name, claims, conn.headers) : undefined
    if (read && !read.broadcast && !read.presence) {
      this.reply(conn, msg, 'error', {
        reason: `Unauthorized: You do not have permissions to read from this Channel topic: ${name}`,
      })
      return
    }

    const previous = conn.channels.get(msg.topic)
    if (previous) this.removeChannel(previous)

    const requested = Array.isArray(config.postgres_changes) ? config.postgres_changes : []
    const problems: string[] = []
    if (requested.length) await this.feed.sync().catch(() => undefined)
    const bindings: Binding[] = []
    const echoes: Array<Record<string, unknown>> = []
    for (const pc of requested) {
      const binding: Binding = {
        id: this.nextBindingId++,
        event: (pc.event ?? '*').toUpperCase(),
        schema: pc.schema ?? 'public',
        table: pc.table,
        filter: undefined,
      }
      try {
        binding.filter = pc.filter ? parseFilter(pc.filter) : undefined
        await this.checkBinding(binding)
        bindings.push(binding)
      } catch (error) {
        problems.push((error as Error).message)
      }
      echoes.push({
        event: pc.event,
        schema: pc.schema,
        table: pc.table,
        filter: pc.filter,
        ...(pc.select ? { select: pc.select } : {}),
        id: binding.id,
      })
    }

    const ch: Channel = {
      conn,
      topic: msg.topic,
      joinRef: msg.joinRef ?? msg.ref,
      claims,
      bindings,
      presenceKey: config.presence?.key || crypto.randomUUID(),
      presenceEnabled: config.presence?.enabled === true,
      self: config.broadcast?.self === true,
      ack: config.broadcast?.ack === true,
      isPrivate,
      policies: read ? { read, write: undefined } : undefined,
      expiry: undefined,
    }
    conn.channels.set(msg.topic, ch)
    const key = topicKey(msg.topic, isPrivate)
    const members = this.topics.get(key) ?? new Set<Channel>()
    this.topics.set(key, members)
    members.add(ch)
    this.scheduleExpiry(ch)

    this.reply(conn, msg, 'ok', requested.length ? { postgres_changes: echoes } : {})
    // realtime-js holds back every presence_diff until it has the state, so the state goes first.
    if (ch.presenceEnabled && readsPresence(ch)) this.push(ch, 'presence_state', this.presence.state(key))
    if (requested.length) {
      this.push(ch, 'system', {
        extension: 'postgres_changes',
        channel: name,
        ...(problems.length
          ? { status: 'error', message: problems.join('; ') }
          : { status: 'ok', message: 'Subscribed to PostgreSQL' }),
      })
    }
  }

  /** Refuses what Realtime refuses: unpublished tables and filters on unknown columns. */
  private async checkBinding(b: Binding): Promise<void> {
    if (!b.table || b.table === '*' || b.schema === '*') return
    if (!this.feed.isPublished(b.schema, b.table)) {
      throw new Error(
        `Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: [schema: ${b.schema}, table: ${b.table}]`,
      )
    }
    if (b.filter && !(await this.feed.tableMeta(b.schema, b.table)).types.has(b.filter.column)) {
      throw new Error(`invalid column for filter ${b.filter.column}`)
    }
  }

  private tokenOf(conn: Connection, accessToken: unknown): string {
    // Absent on a first join before the client resolved its token; sb_ keys also mean "use the apikey".
    return typeof accessToken === 'string' && accessToken && !accessToken.startsWith('sb_')
      ? accessToken
      : conn.apikey
  }

  private async refreshToken(ch: Channel, accessToken: unknown): Promise<void> {
    let claims: Claims
    try {
      claims = await verifyToken(this.config, this.tokenOf(ch.conn, accessToken))
    } catch (error) {
      this.shutdown(ch, (error as Error).message)
      return
    }
    if (ch.policies) {
      const name = ch.topic.replace(/^realtime:/, '')
      const read = await this.readPolicies(name, claims, ch.conn.headers)
      const before = ch.policies.read
      if (!read.broadcast && !read.presence) {
        this.shutdown(ch, `You do not have permissions to read from this Channel topic: ${name}`)
        return
      }
      if ((before.broadcast && !read.broadcast) || (before.presence && !read.presence)) {
        this.shutdown(ch, `You no longer have permission to read from this Channel topic: ${name}`)
        return
      }
      ch.policies = { read, write: undefined }
    }
    ch.claims = claims
    this.scheduleExpiry(ch)
  }

  /** Private topics: which extensions RLS on realtime.messages lets these claims read. */
  readPolicies(topic: string, claims: Claims, headers: Record<string, string>): Promise<Access> {
    return this.policies('read_policies', topic, claims, headers)
  }

  /** Private topics: which extensions RLS on realtime.messages lets these claims write (REST broadcasts too). */
  writePolicies(topic: string, claims: Claims, headers: Record<string, string>): Promise<Access> {
    return this.policies('write_policies', topic, claims, headers)
  }

  /** The service role bypasses RLS, as it does upstream. */
  private async policies(
    check: 'read_policies' | 'write_policies',
    topic: string,
    claims: Claims,
    headers: Record<string, string>,
  ): Promise<Access> {
    if (claims.role === 'service_role') return { broadcast: true, presence: true }
    const { rows } = await this.feed.pool.query<{ r: Access }>(
      `select realtime.${check}($1, $2, $3, $4) as r`,
      [topic, claims.role, JSON.stringify(claims), JSON.stringify(headers)],
    )
    return rows[0]?.r ?? { broadcast: false, presence: false }
  }

  /** Public channels may always write; private ones find out once per access token. */
  private async mayWrite(ch: Channel): Promise<Access> {
    if (!ch.policies) return { broadcast: true, presence: true }
    ch.policies.write ??= await this.writePolicies(
      ch.topic.replace(/^realtime:/, ''),
      ch.claims,
      ch.conn.headers,
    )
    return ch.policies.write
  }

  /** Realtime stops a channel when its token expires; so do we, at the second. */
  private scheduleExpiry(ch: Channel): void {
    if (ch.expiry) clearTimeout(ch.expiry)
    const ms = ch.claims.exp * 1000 - Date.now()
    // setTimeout holds at most ~24.8 days: far-off expiries (the demo keys) are re-checked then
    const MAX_DELAY = 2 ** 31 - 1
    ch.expiry = setTimeout(
      () =>
        ms > MAX_DELAY
          ? this.scheduleExpiry(ch)
          : this.shutdown(ch, `Token has expired ${Math.max(0, Math.round(-ms / 1000))} seconds ago`),
      Math.min(Math.max(ms, 0), MAX_DELAY),
    )
    ch.expiry.unref()
  }

  /** A system error, then phx_close: the client closes the channel and does not rejoin. */
  private shutdown(ch: Channel, message: string): void {
    if (ch.conn.channels.get(ch.topic) !== ch) return
    this.push(ch, 'system', {
      extension: 'system',
      status: 'error',
      message,
      channel: ch.topic.replace(/^realtime:/, ''),
    })
    this.push(ch, 'phx_close', {})
    this.removeChannel(ch)
  }

  private removeChannel(ch: Channel): void {
    if (ch.expiry) clearTimeout(ch.expiry)
    if (ch.conn.channels.get(ch.topic) === ch) ch.conn.channels.delete(ch.topic)
    const key = topicKey(ch.topic, ch.isPrivate)
    const members = this.topics.get(key)
    members?.delete(ch)
    if (members?.size === 0) this.topics.delete(key)
    const diff = this.presence.untrack(key, ch)
    if (diff) this.presenceDiff(key, diff)
  }

  private async onBroadcast(conn: Connection, push: BroadcastPush): Promise<void> {
    const ch = conn.channels.get(push.topic)
    if (!ch) {
      this.reply(conn, push, 'error', { reason: 'unmatched topic' })
      return
    }
    // Realtime drops a refused broadcast without a word, even when the sender asked for an ack.
    if (!(await this.mayWrite(ch)).broadcast) return
    this.broadcast(push.topic.replace(/^realtime:/, ''), push.event, push.payload, {
      binary: push.binary,
      isPrivate: ch.isPrivate,
      ...(ch.self ? {} : { except: ch }),
    })
    if (ch.ack) this.reply(conn, push, 'ok', {})
  }

  private track(ch: Channel, fields: Record<string, unknown>): void {
    const key = topicKey(ch.topic, ch.isPrivate)
    this.presenceDiff(key, this.presence.track(key, ch, ch.presenceKey, fields))
  }

  private untrack(ch: Channel): void {
    const key = topicKey(ch.topic, ch.isPrivate)
    const diff = this.presence.untrack(key, ch)
    if (diff) this.presenceDiff(key, diff)
  }

  private presenceDiff(key: string, diff: PresenceDiff): void {
    for (const ch of this.topics.get(key) ?? []) {
      if (ch.presenceEnabled && readsPresence(ch)) this.push(ch, 'presence_diff', diff, null)
    }
  }

  /**
   * Runs committed changes past every matching binding, then past RLS for each subscriber (one query for the
   * whole batch), and sends them in commit order.
   */
  private async deliverChanges(changes: Change[]): Promise<void> {
    const plans: Array<{ change: Change; candidates: Candidate[]; meta: TableMeta } | undefined> = []
    const checks: unknown[] = []
    for (const change of changes) {
      if (change.type === 'BROADCAST') {
        plans.push(undefined)
        continue
      }
      const candidates = await this.candidates(change)
      if (!candidates.length) {
        plans.push(undefined)
        continue
      }
      const meta = await this.feed.tableMeta(change.schema, change.table)
      plans.push({ change, candidates, meta })
      checks.push({
        table: `${quoteIdent(change.schema)}.${quoteIdent(change.table)}`,
        record: (change.type === 'DELETE' ? change.oldRecord : change.record) ?? {},
        subscribers: candidates.map((c, i) => ({
          id: i,
          role: c.ch.claims.role,
          claims: JSON.stringify(c.ch.claims),
        })),
        check_rows: meta.rls && change.type !== 'DELETE',
      })
    }
    const verdicts = checks.length
      ? ((
          await this.feed.pool.query<{ r: Verdict[] }>(
            'select realtime.visible_subscribers_batch($1::jsonb) as r',
            [JSON.stringify(checks)],
          )
        ).rows[0]?.r ?? [])
      : []
    let next = 0
    this.corking = new Set()
    try {
      for (const [i, change] of changes.entries()) {
        const plan = plans[i]
        if (change.type === 'BROADCAST') this.deliverBroadcast(change)
        else if (plan) this.sendChange(plan.change, plan.candidates, plan.meta, verdicts[next++])
      }
    } finally {
      for (const socket of this.corking) socket.uncork()
      this.corking = undefined
    }
  }

  private deliverBroadcast(change: Change): void {
    const m = (change.record ?? {}) as {
      topic?: string
      event?: string
      payload?: unknown
      private?: boolean
    }
    if (m.topic && m.event)
      this.broadcast(m.topic, m.event, m.payload ?? {}, { isPrivate: m.private === true })
  }

  /** The channels with a binding that matches the change (event, schema, table, filter). */
  private async candidates(change: Change): Promise<Candidate[]> {
    const row = change.type === 'DELETE' ? change.oldRecord : change.record
    let meta: TableMeta | undefined
    const candidates: Candidate[] = []
    for (const conn of this.conns) {
      for (const ch of conn.channels.values()) {
        const ids: number[] = []
        for (const b of ch.bindings) {
          if (b.event !== '*' && b.event !== change.type) continue
          if (b.schema !== '*' && b.schema !== change.schema) continue
          if (b.table && b.table !== '*' && b.table !== change.table) continue
          if (b.filter) {
            meta ??= await this.feed.tableMeta(change.schema, change.table)
            if (!matches(b.filter, row, meta.types.get(b.filter.column) ?? 'text')) continue
          }
          ids.push(b.id)
        }
        if (ids.length) candidates.push({ ch, ids })
      }
    }
    return candidates
  }

  private sendChange(
    change: Change,
    candidates: Candidate[],
    meta: TableMeta,
    verdict: Verdict | undefined,
  ): void {
    const { visible, columns } = verdict ?? { visible: [], columns: {} }
    for (const i of visible) {
      const candidate = candidates[i]
      if (!candidate) continue
      const { ch, ids } = candidate
      if (ch.conn.channels.get(ch.topic) !== ch) continue
      const allowed = new Set(columns[ch.claims.role] ?? [])
      const data: Record<string, unknown> = {
        schema: change.schema,
        table: change.table,
        commit_timestamp: change.commitTimestamp,
        type: change.type,
        columns: [...meta.types]
          .filter(([name]) => allowed.has(name))
          .map(([name, type]) => ({ name, type })),
        errors: null,
      }
      if (change.type !== 'DELETE') data.record = pick(change.record, allowed)
      if (change.type !== 'INSERT') {
        // Without REPLICA IDENTITY FULL the old row is its key; a DELETE under RLS never shows more than that.
        const full = change.oldIsFull && !(change.type === 'DELETE' && meta.rls)
        data.old_record = pick(change.oldRecord, full ? allowed : new Set(meta.primaryKey))
      }
      this.send(ch.conn, {
        joinRef: null,
        ref: null,
        topic: ch.topic,
        event: 'postgres_changes',
        payload: { ids, data },
      })
    }
  }

  private reply(
    conn: Connection,
    to: { joinRef: string | null; ref: string | null; topic: string },
    status: 'ok' | 'error',
    response: unknown,
  ): void {
    this.send(conn, {
      joinRef: to.joinRef,
      ref: to.ref,
      topic: to.topic,
      event: 'phx_reply',
      payload: { status, response },
    })
  }

  private push(ch: Channel, event: string, payload: unknown, joinRef: string | null = ch.joinRef): void {
    this.send(ch.conn, { joinRef, ref: null, topic: ch.topic, event, payload })
  }

  private send(conn: Connection, msg: Message): void {
    this.sendRaw(conn, encode(conn.vsn, msg))
  }

  private sendRaw(conn: Connection, frame: string | Buffer): void {
    if (conn.ws.readyState !== conn.ws.OPEN) return
    // While a batch of changes is delivered, a socket's frames are held and written together (one system
    // call instead of one per frame: a chat line is five frames to its visitor). ws keeps its socket in
    // _socket.
    const socket = (conn.ws as unknown as { _socket?: Duplex })._socket
    if (this.corking && socket && !this.corking.has(socket)) {
      socket.cork()
      this.corking.add(socket)
    }
    conn.ws.send(frame)
  }
}

/** Public channels always see presence; private ones when their policies let them read it. */
function readsPresence(ch: Channel): boolean {
  return !ch.policies || ch.policies.read.presence
}

/** The x-* headers of a request, lower-cased (what Realtime hands policies as `request.headers`). */
export function xHeaders(headers: IncomingMessage['headers'] | Headers): Record<string, string> {
  const out: Record<string, string> = {}
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers)
  for (const [name, value] of entries) {
    if (name.toLowerCase().startsWith('x-') && value !== undefined) {
      out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
    }
  }
  return out
}

function topicKey(topic: string, isPrivate: boolean): string {
  return isPrivate ? `private:${topic}` : topic
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

function pick(record: Record<string, unknown> | null, keys: Set<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record ?? {}).filter(([k]) => keys.has(k)))
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data
  if (Array.isArray(data)) return Buffer.concat(data)
  return Buffer.from(data)
}
