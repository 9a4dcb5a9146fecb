import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { type Engine, startPglite } from './engine.ts'
import { bootstrap, migrate, runScript } from './migrate.ts'

export interface Database {
  /** Superuser URL: what `supabase status` prints as DB URL. */
  url: string
  /** The URL PostgREST connects with (role authenticator). */
  authenticatorUrl: string
  kind: Engine['kind']
  /** Embedded engine only: in-process delivery of NOTIFYs (see wire-server.ts); on PostgreSQL use LISTEN. */
  onNotification?: Engine['onNotification']
  pool: pg.Pool
  /** Migrations applied by this start (empty when the database was up to date). */
  applied: string[]
  /** Whether seed.sql ran in this start (only on a fresh database). */
  seeded: boolean
  stop(): Promise<void>
}

export interface DatabaseOptions {
  root: string
  dataDir: string
  port: number
  databaseUrl?: string | undefined
  seed: boolean
}

/** Brings the database up: engine, bootstrap, migrations, and the seed on a fresh database. */
export async function startDatabase(options: DatabaseOptions): Promise<Database> {
  const engine: Engine = options.databaseUrl
    ? { url: options.databaseUrl, kind: 'postgres', stop: async () => undefined }
    : await startPglite(options.dataDir, options.port)
  // The embedded engine is one session: a pool of 4 only queues politely behind the wire server's lock.
  const pool = new pg.Pool({ connectionString: engine.url, max: engine.kind === 'pglite' ? 4 : 10 })
  pool.on('error', () => undefined) // an idle client dropped by the server must not crash the stack
  try {
    await bootstrap(pool)
    const fresh =
      (await pool.query('select 1 from supabase_migrations.schema_migrations limit 1')).rowCount === 0
    const applied = await migrate(pool, options.root)
    const seedFile = join(options.root, 'supabase/seed.sql')
    const seeded = fresh && options.seed && existsSync(seedFile)
    if (seeded) await runScript(pool, readFileSync(seedFile, 'utf8'))
    const authenticatorUrl = withCredentials(engine.url, 'authenticator', 'postgres')
    return {
      url: engine.url,
      authenticatorUrl,
      kind: engine.kind,
      ...(engine.onNotification ? { onNotification: engine.onNotification } : {}),
      pool,
      applied,
      seeded,
      async stop() {
        await pool.end()
        await engine.stop()
      },
    }
  } catch (error) {
    await pool.end().catch(() => undefined)
    await engine.stop()
    throw error
  }
}

export function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url)
  u.username = user
  u.password = password
  return u.toString()
}

export { bootstrap, migrate, readMigrations, runScript } from './migrate.ts'
