import { createClient } from '@supabase/supabase-js'
import type { Database } from './database.types.ts'
import type { Db } from './db.ts'

// The client type and its result helper live in db.ts (Deno-free); here too, beside the clients.
export { type Db, must } from './db.ts'

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
