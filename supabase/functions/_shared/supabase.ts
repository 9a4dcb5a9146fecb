import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import type { Database } from './database.types.ts'

/** Every client is typed with the schema generated from the migrations. */
export type Db = SupabaseClient<Database>

function env(name: string): string {
  const value = Deno.env.get(name)
  if (!value) throw new Error(`${name} is not set`)
  return value
}

const serverSide = { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false }

/**
 * A client that acts as the caller: the anon key plus the caller's own Authorization header, so
 * PostgREST applies row level security for that user. Use this unless the service role is required.
 */
export function clientForCaller(req: Request): Db {
  return createClient<Database>(env('SUPABASE_URL'), env('SUPABASE_ANON_KEY'), {
    global: { headers: { Authorization: req.headers.get('Authorization') ?? '' } },
    auth: serverSide,
  })
}

/** The service-role client: bypasses RLS, so every statement must be scoped by store explicitly. */
export function serviceClient(): Db {
  return createClient<Database>(env('SUPABASE_URL'), env('SUPABASE_SERVICE_ROLE_KEY'), { auth: serverSide })
}

/** The data of a supabase-js result, or an error naming what was being done (jobs retry those). */
export function must<T>(result: { data: T; error: { message: string } | null }, what: string): T {
  if (result.error) throw new Error(`${what}: ${result.error.message}`)
  return result.data
}
