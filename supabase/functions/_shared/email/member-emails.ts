// The email addresses of a store's members: its owners, or the chosen members who still belong to it.
import type { Db } from '../db.ts'

export type MemberFilter = { role: 'owner' | 'admin' | 'agent' } | { userIds: readonly string[] }

export async function memberEmails(db: Db, storeId: string, filter: MemberFilter): Promise<string[]> {
  let query = db.from('memberships').select('profile:profiles (email)').eq('store_id', storeId)
  if ('role' in filter) query = query.eq('role', filter.role)
  else {
    // `in` with no ids would be invalid SQL for PostgREST: nobody was chosen, so nobody gets it
    if (filter.userIds.length === 0) return []
    query = query.in('user_id', [...filter.userIds])
  }
  const { data, error } = await query
  if (error) throw error
  return data.map((m) => m.profile?.email).filter((e): e is string => Boolean(e))
}
