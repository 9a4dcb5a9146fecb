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

/** A fresh, bootstrapped and migrated database for one test file; `stop()` throws it away. */
export async function openTestDatabase(options: TestDatabaseOptions = {}): Promise<Database> {
  const common = { root: options.root ?? repoRoot, seed: options.seed ?? false, port: 0 }
  if (!options.databaseUrl) return startDatabase({ ...common, dataDir: 'memory://' })

  const name = `parley_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: options.databaseUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(options.databaseUrl)
  url.pathname = `/${name}`
  const db = await startDatabase({ ...common, dataDir: '', databaseUrl: url.toString() })
  return {
    ...db,
    async stop() {
      await db.stop()
      const drop = new pg.Client({ connectionString: options.databaseUrl })
      await drop.connect()
      await drop.query(`drop database if exists ${name} with (force)`)
      await drop.end()
    },
  }
}

export { withCredentials }
