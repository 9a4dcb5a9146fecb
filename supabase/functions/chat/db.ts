// The chat function's one way to the database: a SQL function per step, called through PostgREST with the
// service role (the function verified the visitor itself). One client per worker, reused by every request.
import { createClient } from '@supabase/supabase-js'
import { ClientError, ServerError } from './context.ts'

const url = Deno.env.get('SUPABASE_URL')
const key = Deno.env.get('SUPABASE_SERVICE_ROLE_KEY')
if (!url || !key) throw new Error('SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY must be set')
const service = createClient(url, key, {
  auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
})

/**
 * Calls `public.<fn>`. The SQL functions refuse with SQLSTATE 'PT4xx' (message = our error code, detail =
 * what the visitor reads, hint = seconds to wait): those become ClientErrors; anything else is the server's.
 */
export async function rpc<T>(fn: string, args: Record<string, unknown>): Promise<T> {
  const { data, error } = await service.rpc(fn, args)
  if (!error) return data as T
  const status = /^PT(4\d\d)$/.exec(error.code ?? '')?.[1]
  if (status) {
    const retryAfter = Number(error.hint)
    throw new ClientError(
      Number(status),
      error.message,
      error.details ?? error.message,
      undefined,
      Number.isInteger(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    )
  }
  throw new ServerError(`${fn}: ${error.code} ${error.message}`)
}
