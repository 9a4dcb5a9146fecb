import { createServer, type Server, type Socket } from 'node:net'
import type { PGlite } from '@electric-sql/pglite'

/** A NOTIFY delivered to the shared session, whichever client's unit of work committed it. */
export type NotificationListener = (channel: string, payload: string) => void

/**
 * Serves an embedded PGlite over the Postgres wire protocol so PostgREST, node-postgres and psql can use it.
 *
 * PGlite is a single Postgres session. Several clients can share it only if nobody runs in the middle of
 * somebody else's unit of work, so a client holds the session from its first message until it is back at
 * an idle ReadyForQuery: a simple Query, an extended-protocol batch up to Sync, or a whole transaction.
 * (pglite-socket's multiplexer interleaves single messages, which lets one client's Bind land on another
 * client's Parse.)
 */
export class PgliteWireServer {
  private server: Server | undefined
  private readonly sockets = new Set<Socket>()
  private owner: Connection | undefined
  private readonly waiting: Array<() => void> = []
  private readonly listeners = new Set<NotificationListener>()

  constructor(private readonly db: PGlite) {}

  /**
   * In-process LISTEN: PGlite is one session, so a NotificationResponse lands in the output of whichever client
   * committed the change, never on another client's LISTEN connection. The server sees every client's output
   * and hands notifications (for channels the session LISTENs on) to these listeners.
   */
  onNotification(listener: NotificationListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** @internal */
  notify(channel: string, payload: string): void {
    for (const listener of this.listeners) {
      try {
        listener(channel, payload)
      } catch {
        // a listener's failure is its own business
      }
    }
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    this.server = createServer((socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
      new Connection(socket, this)
    })
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject)
      this.server?.listen(port, host, () => resolve())
    })
    const address = this.server.address()
    return typeof address === 'object' && address ? address.port : port
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  /** Runs one unit of protocol messages for `conn`, keeping the session while it is mid-transaction. */
  async run(conn: Connection, messages: Uint8Array[], write: (chunk: Uint8Array) => void): Promise<void> {
    if (this.owner !== conn) {
      while (this.owner) await new Promise<void>((resolve) => this.waiting.push(resolve))
      this.owner = conn
    }
    try {
      await this.db.runExclusive(async () => {
        for (const message of messages) await this.db.execProtocolRawStream(message, { onRawData: write })
      })
    } finally {
      if (!conn.midBatch && !this.db.isInTransaction()) this.release(conn)
    }
  }

  /** Called when a client goes away: undo its open transaction so the next client starts clean. */
  async abandon(conn: Connection): Promise<void> {
    if (this.owner !== conn) return
    if (this.db.isInTransaction()) await this.db.exec('rollback').catch(() => undefined)
    this.release(conn)
  }

  private release(conn: Connection): void {
    if (this.owner !== conn) return
    this.owner = undefined
    this.waiting.shift()?.()
  }
}

const SSL_REQUEST = 80877103
const CANCEL_REQUEST = 80877102
const GSS_REQUEST = 80877104

/** One client socket: frames the byte stream into messages and hands complete units to the server. */
class Connection {
  private buffer = Buffer.alloc(0)
  private started = false
  private batch: Uint8Array[] = []
  private chain: Promise<void> = Promise.resolve()
  private readonly scanner: BackendScanner
  /** True between an extended-protocol message and its Sync: the session must stay ours. */
  midBatch = false

  constructor(
    private readonly socket: Socket,
    private readonly server: PgliteWireServer,
  ) {
    this.scanner = new BackendScanner((channel, payload) => server.notify(channel, payload))
    socket.setNoDelay(true)
    socket.on('data', (data) => this.onData(data))
    socket.on('error', () => socket.destroy())
    socket.on('close', () => {
      this.chain = this.chain.then(() => this.server.abandon(this))
    })
  }

  private onData(data: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, data])
    for (;;) {
      if (!this.started) {
        if (this.buffer.length < 8) return
        const length = this.buffer.readInt32BE(0)
        if (this.buffer.length < length) return
        const code = this.buffer.readInt32BE(4)
        const packet = this.buffer.subarray(0, length)
        this.buffer = this.buffer.subarray(length)
        if (code === SSL_REQUEST || code === GSS_REQUEST) {
          this.socket.write('N') // no TLS on loopback; the client continues in plain text
          continue
        }
        if (code === CANCEL_REQUEST) {
          this.socket.end()
          return
        }
        this.started = true
        this.enqueue([new Uint8Array(packet)], false)
        continue
      }
      if (this.buffer.length < 5) return
      const length = 1 + this.buffer.readInt32BE(1)
      if (this.buffer.length < length) return
      const type = String.fromCharCode(this.buffer[0] ?? 0)
      const message = new Uint8Array(this.buffer.subarray(0, length))
      this.buffer = this.buffer.subarray(length)
      if (type === 'X') {
        this.socket.end()
        return
      }
      this.batch.push(message)
      // A simple Query or a Sync ends a unit; Flush hands over what we have but keeps the session.
      if (type === 'Q' || type === 'S') this.flush(false)
      else if (type === 'H') this.flush(true)
    }
  }

  private flush(midBatch: boolean): void {
    const messages = this.batch
    this.batch = []
    this.enqueue(messages, midBatch)
  }

  private enqueue(messages: Uint8Array[], midBatch: boolean): void {
    this.chain = this.chain.then(async () => {
      this.midBatch = midBatch
      await this.server.run(this, messages, (chunk) => {
        if (this.socket.writable) this.socket.write(chunk)
        this.scanner.feed(chunk)
      })
    })
    this.chain.catch(() => this.socket.destroy())
  }
}

/**
 * Follows the backend message stream of one client (type byte, int32 length, body) across chunk boundaries and
 * reports NotificationResponse ('A': pid, channel\0, payload\0) messages. Postgres only sends them after commit.
 */
class BackendScanner {
  private header = Buffer.alloc(0)
  private remaining = 0
  private body: Buffer[] | undefined

  constructor(private readonly onNotification: NotificationListener) {}

  feed(chunk: Uint8Array): void {
    let data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    while (data.length > 0) {
      if (this.remaining === 0) {
        const need = 5 - this.header.length
        this.header = Buffer.concat([this.header, data.subarray(0, need)])
        data = data.subarray(need)
        if (this.header.length < 5) return
        this.remaining = this.header.readInt32BE(1) - 4
        this.body = this.header[0] === 0x41 ? [] : undefined
        this.header = Buffer.alloc(0)
        if (this.remaining === 0) this.finish()
        continue
      }
      const take = data.subarray(0, this.remaining)
      data = data.subarray(take.length)
      this.remaining -= take.length
      this.body?.push(Buffer.from(take))
      if (this.remaining === 0) this.finish()
    }
  }

  private finish(): void {
    if (!this.body) return
    const body = Buffer.concat(this.body)
    this.body = undefined
    const channelEnd = body.indexOf(0, 4)
    if (channelEnd < 0) return
    const payloadEnd = body.indexOf(0, channelEnd + 1)
    this.onNotification(
      body.toString('utf8', 4, channelEnd),
      body.toString('utf8', channelEnd + 1, payloadEnd < 0 ? body.length : payloadEnd),
    )
  }
}
