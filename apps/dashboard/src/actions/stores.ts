'use server'

import type { Tables } from '@parley/supabase/database'
import { redirect } from 'next/navigation'
import { type ActionState, failure } from '../lib/action-state.ts'
import { describeError } from '../lib/errors.ts'
import { parseForm } from '../lib/form.ts'
import { createStoreSchema } from '../lib/schemas.ts'
import { createClient } from '../lib/supabase/server.ts'

export async function createStore(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = parseForm(createStoreSchema, formData, ['name'])
  if (!parsed.ok) return parsed.state
  const supabase = await createClient()
  const { data, error } = await supabase.rpc('create_store', { p_name: parsed.data.name })
  if (error) return failure(describeError(error, 'Could not create the store.'), { values: parsed.data })
  // create_store answers the new row as JSON (a refusal past the store limit is the 403 above).
  const store = data as Pick<Tables<'stores'>, 'id'> | null
  if (!store?.id) return failure('The store was created but could not be opened. Reload the page.')
  redirect(`/stores/${store.id}`)
}
