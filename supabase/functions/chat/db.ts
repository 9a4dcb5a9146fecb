// The chat function's one way to the database: a SQL function per step, each one round trip and one
// transaction on a connection this worker keeps open (SUPABASE_DB_URL; on hosted Supabase point
// CHAT_DATABASE_URL at the transaction pooler). The function verified the visitor itself; the SQL functions
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

/**
 * Calls `public.<fn>(args...)`. The SQL functions refuse with SQLSTATE 'PT4xx' (message = our error code,
 * detail = what the visitor reads, hint = seconds to wait): those become ClientErrors; anything else is the
 * server's.
 */
export async function rpc<T>(fn: string, args: Record<string, unknown>): Promise<T> {
  const names = Object.keys(args)
  const call = `select public.${fn}(${names.map((name, i) => `${name} => $${i + 1}`).join(', ')}) as result`
  // Objects go as JSON text; the server reads each parameter as the type the function declares.
  const values = names.map((name) => args[name] ?? null)
  try {
    const { rows } = await pool.query<{ result: T }>(call, values)
    return rows[0]?.result as T
  } catch (error) {
    const e = error as { code?: string; message?: string; detail?: string; hint?: string }
    if (unavailable(e.code)) {
      console.error(`${fn}: the database is unavailable: ${e.code} ${e.message}`)
      throw new ClientError(
        503,
        'unavailable',
        'The chat is briefly unavailable; your message will be sent',
        undefined,
        5,
      )
    }
    const status = /^PT(4\d\d)$/.exec(e.code ?? '')?.[1]
    if (!status) throw new ServerError(`${fn}: ${e.code ?? ''} ${e.message ?? String(error)}`)
    const retryAfter = Number(e.hint)
    throw new ClientError(
      Number(status),
      e.message ?? 'refused',
      e.detail ?? e.message ?? 'refused',
      undefined,
      Number.isInteger(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    )
  }
}
