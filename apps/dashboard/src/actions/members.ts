'use server'

import { revalidatePath } from 'next/cache'
import { type ActionState, failure, success } from '../lib/action-state.ts'
import { describeError } from '../lib/errors.ts'
import { parseForm } from '../lib/form.ts'
import { removeMemberSchema } from '../lib/schemas.ts'
import { createClient } from '../lib/supabase/server.ts'

export async function removeMember(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = parseForm(removeMemberSchema, formData)
  if (!parsed.ok) return failure('That member could not be found.')
  const { storeId, userId } = parsed.data
  const supabase = await createClient()
  // RLS turns a forbidden delete into "0 rows", so ask for the row back to tell the two apart.
  const { data, error } = await supabase
    .from('memberships')
    .delete()
    .eq('store_id', storeId)
    .eq('user_id', userId)
    .select('user_id')
  if (error) return failure(describeError(error, 'Could not remove the member.'))
  if (!data?.length) return failure('You may not remove this member (owners cannot be removed).')
  revalidatePath(`/stores/${storeId}`)
  return success('Member removed.')
}
