// The chat function's one way to the database: a SQL function per step, each one round trip, alone in its
// transaction or several in one (`begin`), on connections this worker keeps open (SUPABASE_DB_URL; on
// hosted Supabase point CHAT_DATABASE_URL at the transaction pooler). The function verified the visitor itself; the SQL functions
// are security definer and executable by their owner and the service role only.
// @ts-types="@types/pg"
import pg from 'pg'
import { ClientError, ServerError } from './context.ts'

const url = Deno.env.get('CHAT_DATABASE_URL') || Deno.env.get('SUPABASE_DB_URL')
if (!url) throw new Error('SUPABASE_DB_URL (or CHAT_DATABASE_URL) must be set')
// node-postgres sends each call as one unnamed statement (parse, bind, execute in one round trip): nothing
// for a transaction pooler (or the devstack's embedded engine) to keep between statements.
const pool = new pg.Pool({
  connectionString: url,
  max: Number(Deno.env.get('CHAT_DATABASE_POOL') || 4),
  idleTimeoutMillis: 30_000,
  application_name: 'parley-chat',
})
pool.on('error', (error) => console.error(`an idle database connection failed: ${error.message}`))

/**
 * The database cannot be reached or is shutting down or full: nothing the caller did, and worth a retry.
 * SQLSTATE classes 08 (connection), 53 (insufficient resources), 57P (operator intervention); socket errors.
 */
function unavailable(code: string | undefined): boolean {
  return (
    /^(08|53|57P)/.test(code ?? '') ||
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|CONNECT_TIMEOUT|CONNECTION_)/.test(code ?? '')
  )
}

/** The database could not be reached: nothing was stored, and the widget sends the line again later. */
function unavailableError(what: string, error: { code?: string; message?: string }): ClientError {
  console.error(`${what}: the database is unavailable: ${error.code} ${error.message}`)
  return new ClientError(
    503,
    'unavailable',
    'The chat is briefly unavailable; your message will be sent',
    undefined,
    5,
  )
}

/** Calls `public.<fn>(args...)`, on the pool (a transaction of its own) or on a transaction's connection. */
export type Rpc = <T>(fn: string, args: Record<string, unknown>) => Promise<T>

/**
 * The SQL functions refuse with SQLSTATE 'PT4xx' (message = our error code, detail = what the visitor reads,
 * hint = seconds to wait, or a JSON object of details): those become ClientErrors; anything else is the server's.
 */
async function call<T>(db: pg.Pool | pg.PoolClient, fn: string, args: Record<string, unknown>): Promise<T> {
  const names = Object.keys(args)
  const statement = `select public.${fn}(${names.map((name, i) => `${name} => $${i + 1}`).join(', ')}) as result`
  // Objects go as JSON text; the server reads each parameter as the type the function declares.
  const values = names.map((name) => args[name] ?? null)
  try {
    const { rows } = await db.query<{ result: T }>(statement, values)
    return rows[0]?.result as T
  } catch (error) {
    const e = error as { code?: string; message?: string; detail?: string; hint?: string }
    if (unavailable(e.code)) throw unavailableError(fn, e)
    const status = /^PT(4\d\d)$/.exec(e.code ?? '')?.[1]
    if (!status) throw new ServerError(`${fn}: ${e.code ?? ''} ${e.message ?? String(error)}`)
    const retryAfter = Number(e.hint)
    throw new ClientError(
      Number(status),
      e.message ?? 'refused',
      e.detail ?? e.message ?? 'refused',
      hintDetails(e.hint),
      Number.isInteger(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    )
  }
}

/** A hint holding a JSON object is what the caller needs to act (consent_required: the current version). */
function hintDetails(hint: string | undefined): unknown {
  if (!hint?.startsWith('{')) return undefined
  try {
    return JSON.parse(hint)
  } catch {
    return undefined
  }
}

/** One SQL function call, one transaction. */
export const rpc: Rpc = (fn, args) => call(pool, fn, args)

/** Several SQL function calls in one transaction, on one connection: `commit()` or `release()` ends it. */
export interface Transaction {
  rpc: Rpc
  /** Commits what the calls did. */
  commit(): Promise<void>
  /** Gives the connection back; rolls back first unless committed. Safe to call after commit. */
  release(): Promise<void>
}

function failed(what: string, error: unknown): Error {
  const e = error as { code?: string; message?: string }
  if (unavailable(e.code)) return unavailableError(what, e)
  return new ServerError(`${what}: ${e.code ?? ''} ${e.message ?? String(error)}`)
}

export async function begin(): Promise<Transaction> {
  const client = await pool.connect().catch((error) => {
    throw failed('connect', error)
  })
  try {
    await client.query('begin')
  } catch (error) {
    client.release(true)
    throw failed('begin', error)
  }
  let open = true
  return {
    rpc: (fn, args) => call(client, fn, args),
    async commit() {
      if (!open) return
      open = false
      try {
        await client.query('commit')
        client.release()
      } catch (error) {
        client.release(true)
        throw failed('commit', error)
      }
    },
    async release() {
      if (!open) return
      open = false
      // A connection that cannot roll back is not given back to the pool.
      await client.query('rollback').then(
        () => client.release(),
        (error: Error) => client.release(error),
      )
    },
  }
}
