import 'server-only'
import { describeError } from '../errors.ts'
import { createClient } from '../supabase/server.ts'
import type { MyStore, Store } from '../types.ts'

/** A query's rows, or a sentence saying why they could not be loaded. */
export type Loaded<T> = { ok: true; data: T } | { ok: false; error: string }

const storeColumns = 'id, name, slug, status, created_at'

/** The stores I belong to, with my role in each (RLS also shows co-members' rows, hence the user filter). */
export async function listMyStores(userId: string): Promise<Loaded<MyStore[]>> {
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('memberships')
    .select(`role, store:stores (${storeColumns})`)
    .eq('user_id', userId)
    .order('created_at', { ascending: true })
  if (error) return { ok: false, error: describeError(error, 'Could not load your stores.') }
  return { ok: true, data: data.filter((r): r is MyStore => r.store !== null) }
}

/** One store, or null when it does not exist or I may not see it (RLS makes both look the same). */
export async function getStore(storeId: string): Promise<Loaded<Store | null>> {
  const supabase = await createClient()
  const { data, error } = await supabase.from('stores').select(storeColumns).eq('id', storeId).maybeSingle()
  if (error) {
    // A malformed id is simply a store that does not exist.
    if (error.code === '22P02') return { ok: true, data: null }
    return { ok: false, error: describeError(error, 'Could not load this store.') }
  }
  return { ok: true, data }
}
