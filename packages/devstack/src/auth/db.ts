import type pg from 'pg'

/** A pool or a checked-out client: anything that runs a parameterised query. */
export type Queryable = Pick<pg.Pool, 'query'>

/**
 * Runs `fn` in BEGIN..COMMIT on one client. The embedded engine is a single shared session, so
 * multi-statement writes must be one transaction (never session state such as SET).
 */
export async function transaction<T>(pool: pg.Pool, fn: (db: Queryable) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('begin')
    const result = await fn(client)
    await client.query('commit')
    return result
  } catch (error) {
    await client.query('rollback').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}

/** RFC 3339 UTC with microseconds, as GoTrue prints timestamps. */
export const iso = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`

/** Builds `$n` placeholders while collecting their values. */
export class Params {
  readonly values: unknown[] = []
  add(value: unknown): string {
    this.values.push(value)
    return `$${this.values.length}`
  }
}

export const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === '23505'
