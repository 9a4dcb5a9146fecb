import pg from 'pg'
import type { Database } from '../db/index.ts'

/** One captured row change, as the trigger in 03-realtime.sql recorded it. */
export interface Change {
  id: number
  schema: string
  table: string
  /** BROADCAST: realtime.send(); record is { topic, event, payload, private }. */
  type: 'INSERT' | 'UPDATE' | 'DELETE' | 'BROADCAST'
  record: Record<string, unknown> | null
  oldRecord: Record<string, unknown> | null
  /** REPLICA IDENTITY FULL when it happened: old_record may be shown whole, else only its key. */
  oldIsFull: boolean
  commitTimestamp: string
}

export interface TableMeta {
  /** column name -> pg_type.typname, in column order */
  types: Map<string, string>
  primaryKey: string[]
  /** Cached; only used to decide what a DELETE shows. The RLS check itself reads the catalog live. */
  rls: boolean
}

const CHANNEL = 'realtime_changes'
/** Safety net only: changes normally arrive by notification within milliseconds of commit. */
const SAFETY_POLL_MS = 3000
const BATCH = 500

/**
 * Change capture without logical decoding: row triggers on every table in publication `supabase_realtime` queue
 * changes in `realtime.changes` and NOTIFY; this feed drains the queue in order after commit and hands each
 * changes to `deliver`, in order, a batch at a time. On PostgreSQL it LISTENs on a dedicated client; on the embedded PGlite
 * (one shared session) the wire server passes the NotificationResponses it sees to us in-process.
 */
export class ChangeFeed {
  readonly pool: pg.Pool
  private listener: pg.Client | undefined
  private unsubscribe: (() => void) | undefined
  private timer: NodeJS.Timeout | undefined
  private draining: Promise<void> | undefined
  private again = false
  private stopped = false
  private readonly meta = new Map<string, TableMeta>()
  private published = new Set<string>()
  /** Whether NOTIFYs reach us (in-process on PGlite; our LISTEN connection on PostgreSQL). */
  private listening = false

  constructor(
    private readonly db: Database,
    /** Gets the changes in commit order, a batch at a time. */
    private readonly deliver: (changes: Change[]) => Promise<void>,
  ) {
    // Our own small pool: change delivery is serial, and must not queue behind the API's pool.
    this.pool = new pg.Pool({ connectionString: db.url, max: 2 })
    this.pool.on('error', () => undefined)
  }

  async start(): Promise<void> {
    await this.sync()
    // Nobody was subscribed while we were down: what the queue holds is for nobody.
    await this.pool.query('delete from realtime.changes')
    if (this.db.onNotification) {
      this.unsubscribe = this.db.onNotification((channel) => {
        if (channel === CHANNEL) this.kick()
      })
      await this.pool.query(`listen ${CHANNEL}`)
      this.listening = true
    } else {
      await this.listen()
    }
    this.timer = setInterval(() => void this.tick(), SAFETY_POLL_MS)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearInterval(this.timer)
    this.unsubscribe?.()
    await this.draining?.catch(() => undefined)
    await this.listener?.end().catch(() => undefined)
    await this.pool.end().catch(() => undefined)
  }

  /** Whether changes are heard as they commit, and how many wait in the queue to be delivered. */
  async health(): Promise<{ listening: boolean; backlog: number }> {
    const { rows } = await this.pool.query<{ n: string }>('select count(*) as n from realtime.changes')
    return { listening: this.listening && !this.stopped, backlog: Number(rows[0]?.n ?? 0) }
  }

  /** Installs/removes capture triggers to match the publication; returns the published "schema.table" names. */
  async sync(): Promise<Set<string>> {
    await this.pool.query('select realtime.sync_capture_triggers()')
    const published = await this.pool.query<{ name: string }>(
      `select schemaname || '.' || tablename as name from pg_publication_tables where pubname = 'supabase_realtime'`,
    )
    this.published = new Set(published.rows.map((r) => r.name))
    this.meta.clear()
    return this.published
  }

  isPublished(schema: string, table: string): boolean {
    return this.published.has(`${schema}.${table}`)
  }

  /** A table's columns, key, RLS flag and replica identity (cached until the next sync). */
  async tableMeta(schema: string, table: string): Promise<TableMeta> {
    const key = `${schema}.${table}`
    const cached = this.meta.get(key)
    if (cached) return cached
    const { rows } = await this.pool.query<{
      attname: string
      typname: string
      pk: boolean
      rls: boolean
    }>(
      `select a.attname, t.typname,
              coalesce(a.attnum = any (i.indkey), false) as pk,
              c.relrowsecurity as rls
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
       join pg_type t on t.oid = a.atttypid
       left join pg_index i on i.indrelid = c.oid and i.indisprimary
       where n.nspname = $1 and c.relname = $2
       order by a.attnum`,
      [schema, table],
    )
    const meta: TableMeta = {
      types: new Map(rows.map((r) => [r.attname, r.typname])),
      primaryKey: rows.filter((r) => r.pk).map((r) => r.attname),
      rls: rows[0]?.rls ?? false,
    }
    this.meta.set(key, meta)
    return meta
  }

  /** Drain soon; coalesces bursts of notifications into one pass (plus one more if more arrived meanwhile). */
  kick(): void {
    if (this.stopped) return
    if (this.draining) {
      this.again = true
      return
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined
      if (this.again) {
        this.again = false
        this.kick()
      }
    })
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const { rows } = await this.pool.query<{
          id: string
          schema_name: string
          table_name: string
          type: Change['type']
          record: Record<string, unknown> | null
          old_record: Record<string, unknown> | null
          old_is_full: boolean
          commit_timestamp: Date
        }>(
          `delete from realtime.changes
           where id in (select id from realtime.changes order by id limit ${BATCH} for update skip locked)
           returning *`,
        )
        rows.sort((a, b) => Number(a.id) - Number(b.id))
        if (this.stopped) return
        // The whole batch at once: one RLS query for all of it, however many changes a busy moment brings.
        await this.deliver(
          rows.map((r) => ({
            id: Number(r.id),
            schema: r.schema_name,
            table: r.table_name,
            type: r.type,
            record: r.record,
            oldRecord: r.old_record,
            oldIsFull: r.old_is_full,
            commitTimestamp: r.commit_timestamp.toISOString(),
          })),
        ).catch((error) => console.error('[realtime] delivering changes failed:', error))
        if (rows.length < BATCH) return
      }
    } catch (error) {
      if (!this.stopped) console.error('[realtime] reading changes failed:', error)
    }
  }

  private async tick(): Promise<void> {
    if (this.stopped) return
    try {
      await this.sync()
      if (this.db.onNotification) await this.pool.query(`listen ${CHANNEL}`) // survives an UNLISTEN * elsewhere
    } catch {
      // the database may be restarting; the next tick retries
    }
    this.kick()
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.db.url })
    this.listener = client
    let lost = false
    const reconnect = () => {
      // the safety poll covers the gap until we listen again
      if (lost || this.stopped) return
      lost = true
      this.listening = false
      client.end().catch(() => undefined)
      setTimeout(() => void this.listen(), 1000).unref()
    }
    client.on('notification', (n) => {
      if (n.channel === CHANNEL) this.kick()
    })
    client.on('error', reconnect)
    client.on('end', reconnect)
    try {
      await client.connect()
      await client.query(`listen ${CHANNEL}`)
      this.listening = true
    } catch {
      reconnect()
      return
    }
    this.kick() // whatever was committed while we were not listening
  }
}
