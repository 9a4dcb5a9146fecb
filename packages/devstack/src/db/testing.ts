import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { repoRoot } from '../config.ts'
import { type Database, startDatabase, withCredentials } from './index.ts'

export interface TestDatabaseOptions {
  /** A PostgreSQL superuser URL; a fresh database is created on that server. Default: in-memory PGlite. */
  databaseUrl?: string | undefined
  /** Apply supabase/seed.sql too (default false). */
  seed?: boolean
  root?: string
}

/** Creates an empty database on a PostgreSQL server; `drop()` removes it again. */
export async function createScratchDatabase(
  serverUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `parley_test_${randomBytes(6).toString('hex')}`
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl })
    await client.connect()
    try {
      await client.query(sql)
    } finally {
      await client.end()
    }
  }
  await admin(`create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) }
}

/** A fresh, bootstrapped and migrated database for one test file; `stop()` throws it away. */
export async function openTestDatabase(options: TestDatabaseOptions = {}): Promise<Database> {
  const common = { root: options.root ?? repoRoot, seed: options.seed ?? false, port: 0 }
  if (!options.databaseUrl) return startDatabase({ ...common, dataDir: 'memory://' })
  const scratch = await createScratchDatabase(options.databaseUrl)
  const db = await startDatabase({ ...common, dataDir: '', databaseUrl: scratch.url })
  return {
    ...db,
    async stop() {
      await db.stop()
      await scratch.drop()
    },
  }
}

export { withCredentials }
