'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { type ActionState, failure, success } from '../lib/action-state.ts'
import { describeError } from '../lib/errors.ts'
import { createClient } from '../lib/supabase/server.ts'

const eraseSchema = z.object({ storeId: z.uuid(), contactId: z.uuid() })

/**
 * Erases a contact everywhere (owners only: erase_contact checks). Parley's rows go at once; files, Chatwoot
 * and connected CRMs follow through their jobs.
 */
export async function eraseContact(_state: ActionState, form: FormData): Promise<ActionState> {
  const parsed = eraseSchema.safeParse({ storeId: form.get('storeId'), contactId: form.get('contactId') })
  if (!parsed.success) return failure('That contact could not be found.')
  const supabase = await createClient()
  const { error } = await supabase.rpc('erase_contact', { p_contact_id: parsed.data.contactId })
  if (error?.code === 'P0002') return failure('This contact no longer exists, or only an owner may erase it.')
  if (error) return failure(describeError(error, 'Could not erase the contact.'))
  revalidatePath(`/stores/${parsed.data.storeId}/conversations`)
  return success('The contact was erased.')
}

const retentionSchema = z.object({
  storeId: z.uuid(),
  retentionDays: z
    .string()
    .trim()
    .transform((v) => (v === '' ? null : Number(v)))
    .pipe(z.number().int().min(1).max(3650).nullable()),
})

/** How many days messages and files are kept (empty: forever). Owners only (RLS on stores). */
export async function saveRetention(_state: ActionState, form: FormData): Promise<ActionState> {
  const parsed = retentionSchema.safeParse({
    storeId: form.get('storeId'),
    retentionDays: String(form.get('retentionDays') ?? ''),
  })
  if (!parsed.success)
    return failure('Enter a number of days between 1 and 3650, or leave it empty to keep everything.', {
      fieldErrors: { retentionDays: ['Between 1 and 3650 days, or empty.'] },
    })
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('stores')
    .update({ retention_days: parsed.data.retentionDays })
    .eq('id', parsed.data.storeId)
    .select('id')
  if (error) return failure(describeError(error, 'Could not save the retention.'))
  if (!data?.length) return failure('Only owners can change how long data is kept.')
  revalidatePath(`/stores/${parsed.data.storeId}`)
  return success(
    parsed.data.retentionDays
      ? `Messages and files older than ${parsed.data.retentionDays} days are deleted every day.`
      : 'Messages and files are kept until you delete them.',
  )
}

/** The store's retention in days (null: forever), as any member reads it. */
export async function getRetentionDays(storeId: string): Promise<number | null> {
  const supabase = await createClient()
  const { data } = await supabase.from('stores').select('retention_days').eq('id', storeId).maybeSingle()
  return data?.retention_days ?? null
}
