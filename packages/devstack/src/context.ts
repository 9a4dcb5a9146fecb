import type pg from 'pg'
import type { DevstackConfig } from './config.ts'

/** What every part of the stack gets: the config and a pool on the database (PGlite or PostgreSQL). */
export interface StackContext {
  config: DevstackConfig
  pool: pg.Pool
  /** Superuser URL of the database (what `supabase status` prints as DB URL). */
  dbUrl: string
}
