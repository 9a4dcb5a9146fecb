'use server'

import { revalidatePath } from 'next/cache'
import { redirect } from 'next/navigation'
import { type ActionState, failure, success } from '../lib/action-state.ts'
import { describeError } from '../lib/errors.ts'
import { parseForm } from '../lib/form.ts'
import { acceptInvitationSchema, inviteSchema, revokeInvitationSchema } from '../lib/schemas.ts'
import { createClient, type ServerClient } from '../lib/supabase/server.ts'

export async function inviteMember(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = parseForm(inviteSchema, formData, ['email', 'role'])
  if (!parsed.ok) return parsed.state
  const { storeId, email, role } = parsed.data
  const supabase = await createClient()
  const values = { email, role }
  const duplicate = await findDuplicate(supabase, storeId, email)
  if (duplicate) return failure(duplicate, { values })
  // invited_by defaults to auth.uid() in the database; clients may not set it.
  const { error } = await supabase.from('invitations').insert({ store_id: storeId, email, role })
  if (error) return failure(describeError(error, 'Could not send the invitation.'), { values })
  revalidatePath(`/stores/${storeId}`)
  return success(`Invitation created for ${email}. Share the accept link below.`)
}

/** Inviting someone twice, or a current member, is almost certainly a slip: say so instead. */
async function findDuplicate(
  supabase: ServerClient,
  storeId: string,
  email: string,
): Promise<string | undefined> {
  const [pending, members] = await Promise.all([
    supabase
      .from('invitations')
      .select('id', { count: 'exact', head: true })
      .eq('store_id', storeId)
      .eq('email', email)
      .eq('status', 'pending'),
    supabase
      .from('memberships')
      .select('user_id, profiles!inner(email)')
      .eq('store_id', storeId)
      .eq('profiles.email', email),
  ])
  if (pending.count) return `${email} already has a pending invitation to this store.`
  if (members.data?.length) return `${email} is already a member of this store.`
  return undefined
}

export async function revokeInvitation(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = parseForm(revokeInvitationSchema, formData)
  if (!parsed.ok) return failure('That invitation could not be found.')
  const { storeId, invitationId } = parsed.data
  const supabase = await createClient()
  // RLS turns a forbidden update into "0 rows", so ask for the row back to tell the two apart.
  const { data, error } = await supabase
    .from('invitations')
    .update({ status: 'revoked' })
    .eq('id', invitationId)
    .eq('store_id', storeId)
    .eq('status', 'pending')
    .select('id')
  if (error) return failure(describeError(error, 'Could not revoke the invitation.'))
  if (!data?.length) return failure('That invitation is no longer pending, or you may not change it.')
  revalidatePath(`/stores/${storeId}`)
  return success('Invitation revoked.')
}

export async function acceptInvitation(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = parseForm(acceptInvitationSchema, formData)
  if (!parsed.ok) return failure('The invitation link is incomplete. Ask for a new one.')
  const supabase = await createClient()
  const { data, error } = await supabase.rpc('accept_invitation', { p_token: parsed.data.token })
  if (error) return failure(describeError(error, 'Could not accept the invitation.'))
  revalidatePath('/stores')
  redirect(data?.store_id ? `/stores/${data.store_id}` : '/stores')
}
