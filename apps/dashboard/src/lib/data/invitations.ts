import 'server-only'
import { describeError } from '../errors.ts'
import { createClient } from '../supabase/server.ts'
import type { MyInvitation, StoreInvitation } from '../types.ts'
import type { Loaded } from './stores.ts'

/** Pending invitations of a store (visible to its owners and admins). */
export async function listStoreInvitations(storeId: string): Promise<Loaded<StoreInvitation[]>> {
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('invitations')
    .select('id, email, role, token, created_at, expires_at')
    .eq('store_id', storeId)
    .eq('status', 'pending')
    .order('created_at', { ascending: false })
  if (error) return { ok: false, error: describeError(error, 'Could not load the invitations.') }
  return { ok: true, data }
}

const toMyInvitation = ({
  store,
  ...row
}: Omit<MyInvitation, 'store_name'> & { store: { name: string } | null }): MyInvitation => ({
  ...row,
  store_name: store?.name ?? null,
})

/**
 * Pending, unexpired invitations addressed to my email. The store's name comes along only if the
 * database lets an invitee read it; the UI copes without.
 */
export async function listMyInvitations(email: string): Promise<Loaded<MyInvitation[]>> {
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('invitations')
    .select('id, token, role, store_id, expires_at, store:stores (name)')
    .eq('email', email.toLowerCase())
    .eq('status', 'pending')
    .gt('expires_at', new Date().toISOString())
    .order('created_at', { ascending: false })
  if (error) return { ok: false, error: describeError(error, 'Could not load your invitations.') }
  return { ok: true, data: data.map(toMyInvitation) }
}

/** The invitation behind an accept link, if the database shows it to me (it may not: that is fine). */
export async function findInvitationByToken(token: string): Promise<MyInvitation | null> {
  const supabase = await createClient()
  const { data } = await supabase
    .from('invitations')
    .select('id, token, role, store_id, expires_at, store:stores (name)')
    .eq('token', token)
    .eq('status', 'pending')
    .maybeSingle()
  return data ? toMyInvitation(data) : null
}
