import 'server-only'
import { describeError } from '../errors.ts'
import type { Role } from '../roles.ts'
import { createClient } from '../supabase/server.ts'
import type { Member } from '../types.ts'
import type { Loaded } from './stores.ts'

const roleOrder: Record<Role, number> = { owner: 0, admin: 1, agent: 2 }

/** Members of a store with their profiles, owners first. */
export async function listMembers(storeId: string): Promise<Loaded<Member[]>> {
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('memberships')
    .select('user_id, role, created_at, profile:profiles (email, full_name)')
    .eq('store_id', storeId)
    .order('created_at', { ascending: true })
  if (error) return { ok: false, error: describeError(error, 'Could not load the members.') }
  return { ok: true, data: data.toSorted((a, b) => roleOrder[a.role] - roleOrder[b.role]) }
}
