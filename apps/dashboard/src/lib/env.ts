/**
 * Where the dashboard finds Supabase. The defaults are devstack's (and `supabase start`'s) well-known local
 * values, so `next dev` works with no env file; set both variables to point at another project.
 * Only the public anon key lives here: the service role key must never reach this app. (The optional secret
 * key, SUPABASE_SECRET_KEY, is read by supabase/forward-address.ts alone, for auth requests only.)
 */
const LOCAL_SUPABASE_URL = 'http://127.0.0.1:54321'
// Same value as LOCAL_ANON_KEY in packages/devstack/src/config.ts (Supabase CLI's demo anon key).
const LOCAL_ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0'

export const supabaseUrl = process.env.NEXT_PUBLIC_SUPABASE_URL || LOCAL_SUPABASE_URL
export const supabaseAnonKey = process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY || LOCAL_ANON_KEY
