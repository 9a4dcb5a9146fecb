import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type pg from 'pg'

const bootstrapDir = new URL('./bootstrap/', import.meta.url)

/** Creates what the Supabase Postgres image provides (roles, schemas, grants, the auth schema). */
export async function bootstrap(pool: pg.Pool): Promise<void> {
  for (const file of readdirSync(bootstrapDir)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    await runScript(pool, readFileSync(new URL(file, bootstrapDir), 'utf8'))
  }
  // Re-set each start: the role may predate this run on a shared PostgreSQL server.
  await pool.query(`alter role authenticator with login password 'postgres'`)
}

export interface Migration {
  version: string
  name: string
  sql: string
}

/** Reads `supabase/migrations/<version>_<name>.sql` in version order, as the Supabase CLI does. */
export function readMigrations(root: string): Migration[] {
  const dir = join(root, 'supabase/migrations')
  return readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const [, version = '', name = ''] = /^(\d+)_(.+)\.sql$/.exec(file) ?? []
      return { version, name, sql: readFileSync(join(dir, file), 'utf8') }
    })
}

/** Applies the migrations not yet recorded, each in its own transaction. Returns the versions applied. */
export async function migrate(pool: pg.Pool, root: string): Promise<string[]> {
  const { rows } = await pool.query<{ version: string }>(
    'select version from supabase_migrations.schema_migrations',
  )
  const done = new Set(rows.map((r) => r.version))
  const applied: string[] = []
  for (const m of readMigrations(root)) {
    if (done.has(m.version)) continue
    await runScript(pool, m.sql, async (client) => {
      await client.query(
        'insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)',
        [m.version, m.name],
      )
    })
    applied.push(m.version)
  }
  return applied
}

/** Runs a multi-statement script in one transaction; `after` runs inside it before commit. */
export async function runScript(
  pool: pg.Pool,
  sql: string,
  after?: (client: pg.PoolClient) => Promise<void>,
) {
  const client = await pool.connect()
  try {
    await client.query('begin')
    await client.query(sql)
    await after?.(client)
    await client.query('commit')
  } catch (error) {
    await client.query('rollback').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}
