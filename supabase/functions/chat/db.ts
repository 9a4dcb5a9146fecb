// The chat function's one way to the database: a SQL function per step, each one round trip and one
// transaction on a connection this worker keeps open (SUPABASE_DB_URL; on hosted Supabase point
// CHAT_DATABASE_URL at the transaction pooler). The function verified the visitor itself; the SQL functions
// are security definer and executable by their owner and the service role only.
import postgres from 'postgres'
import { ClientError, ServerError } from './context.ts'

const url = Deno.env.get('CHAT_DATABASE_URL') || Deno.env.get('SUPABASE_DB_URL')
if (!url) throw new Error('SUPABASE_DB_URL (or CHAT_DATABASE_URL) must be set')
const sql = postgres(url, {
  max: Number(Deno.env.get('CHAT_DATABASE_POOL') || 4),
  // unnamed statements: a transaction pooler (and the devstack's embedded engine) may hand each statement to
  // another session
  prepare: false,
  idle_timeout: 30,
  connection: { application_name: 'parley-chat' },
  onnotice: () => {},
})

/**
 * Calls `public.<fn>(args...)`. The SQL functions refuse with SQLSTATE 'PT4xx' (message = our error code,
 * detail = what the visitor reads, hint = seconds to wait): those become ClientErrors; anything else is the
 * server's.
 */
export async function rpc<T>(fn: string, args: Record<string, unknown>): Promise<T> {
  const names = Object.keys(args)
  const call = `select public.${fn}(${names.map((name, i) => `${name} => $${i + 1}`).join(', ')}) as result`
  // The server names each parameter's type (uuid, jsonb...); postgres.js serialises to it.
  const values = names.map((name) => (args[name] ?? null) as postgres.ParameterOrJSON<never>)
  try {
    const [row] = await sql.unsafe(call, values)
    return row?.result as T
  } catch (error) {
    const e = error as { code?: string; message?: string; detail?: string; hint?: string }
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
