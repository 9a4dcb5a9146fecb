'use server'

import type { Json, Tables } from '@parley/supabase/database'
import { revalidatePath } from 'next/cache'
import { type ActionState, failure, success } from '../lib/action-state.ts'
import { describeError } from '../lib/errors.ts'
import { parseForm } from '../lib/form.ts'
import { jsonObject } from '../lib/json.ts'
import { handoffSettingsSchema } from '../lib/schemas.ts'
import { createClient } from '../lib/supabase/server.ts'

export type HandoffSettings = Pick<
  Tables<'stores'>,
  'reply_time' | 'fallback_phone' | 'fallback_email' | 'offline_message'
> & {
  business_hours: Record<string, Json | undefined>
}

/** The store's handoff settings (any member may read them), or null when they cannot be loaded. */
export async function getHandoffSettings(storeId: string): Promise<HandoffSettings | null> {
  const supabase = await createClient()
  const { data } = await supabase
    .from('stores')
    .select('business_hours, reply_time, fallback_phone, fallback_email, offline_message')
    .eq('id', storeId)
    .maybeSingle()
  // The database keeps business_hours an object (a check); the generated type only knows it is JSON.
  return data && { ...data, business_hours: jsonObject(data.business_hours) }
}

const keep = ['replyTime', 'fallbackPhone', 'fallbackEmail', 'offlineMessage']

export async function saveHandoffSettings(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const hourKeys = [...formData.keys()].filter((k) => /^[A-Z][a-z]{2}-(open|close)$/.test(k))
  const parsed = parseForm(handoffSettingsSchema, formData, [...keep, ...hourKeys])
  if (!parsed.ok) return parsed.state
  const { storeId, ...columns } = parsed.data
  const supabase = await createClient()
  // RLS turns a forbidden update into "0 rows", so ask for the row back to tell the two apart.
  const { data, error } = await supabase.from('stores').update(columns).eq('id', storeId).select('id')
  if (error) return failure(describeError(error, 'Could not save the handoff settings.'))
  if (!data?.length) return failure('Only owners and admins can change the handoff settings.')
  revalidatePath(`/stores/${storeId}`)
  return success('Handoff settings saved.')
}
