// The Supabase client every function, job and helper takes, typed by the schema generated from the
// migrations (database.types.ts): a query's rows are typed from its select string, rpc arguments and
// results from the SQL functions. Deno-free, so the code Node also checks can use it.
import type { SupabaseClient } from '@supabase/supabase-js'
import type { Database } from './database.types.ts'

export type Db = SupabaseClient<Database>

/** The data of a successful supabase-js result (the failure branch of its union has none). */
type DataOf<Result> = Result extends { error: null; data: infer T } ? T : never

/** The data of a supabase-js result, or an error naming what was being done (jobs retry those). */
export function must<Result extends { data: unknown; error: { message: string } | null }>(
  result: Result,
  what: string,
): DataOf<Result> {
  if (result.error) throw new Error(`${what}: ${result.error.message}`)
  return result.data as DataOf<Result>
}
