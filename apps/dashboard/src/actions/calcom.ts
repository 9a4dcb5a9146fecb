'use server'

import { apps } from '@parley/supabase/apps'
import { FunctionsHttpError } from '@supabase/supabase-js'
import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { type ActionState, failure, success } from '../lib/action-state.ts'
import { describeError } from '../lib/errors.ts'
import { createClient } from '../lib/supabase/server.ts'

export type CalcomEventType = { id: number; title: string; length: number; booking_url: string | null }

/** The store's Cal.com event types, read with its key by the apps function (owners and admins). */
export async function listCalcomEventTypes(
  storeId: string,
): Promise<{ ok: true; eventTypes: CalcomEventType[] } | { ok: false; error: string }> {
  if (!z.uuid().safeParse(storeId).success) return { ok: false, error: 'That store could not be found.' }
  const supabase = await createClient()
  const { data, error } = await supabase.functions.invoke<CalcomEventType[]>('apps/event-types', {
    body: { store_id: storeId, app: 'calcom' },
  })
  if (error || !data) {
    const body =
      error instanceof FunctionsHttpError
        ? ((await error.context.json().catch(() => ({}))) as { message?: string })
        : {}
    return { ok: false, error: body.message ?? describeError(error ?? {}, 'Could not load the event types.') }
  }
  return { ok: true, eventTypes: data }
}

const calcomSettings = apps.find((a) => a.id === 'calcom')?.settings

/** The event type offered in the chat and its booking page, merged into the app's settings (RLS decides). */
export async function saveCalcomEventType(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = z
    .object({
      storeId: z.uuid(),
      eventTypeId: z.coerce.number().int().positive(),
      title: z.string().trim().max(200),
      bookingUrl: z.string().trim(),
    })
    .safeParse(Object.fromEntries(formData))
  if (!parsed.success || !calcomSettings) return failure('Choose an event type.')
  const { storeId, eventTypeId, title, bookingUrl } = parsed.data
  const supabase = await createClient()
  const current = await supabase
    .from('integrations')
    .select('config')
    .eq('store_id', storeId)
    .eq('provider', 'calcom')
    .maybeSingle()
  if (current.error) return failure(describeError(current.error, 'Could not read the settings.'))
  const settings = calcomSettings.safeParse({
    ...((current.data?.config ?? {}) as object),
    event_type_id: eventTypeId,
    event_type_title: title,
    booking_url: bookingUrl,
  })
  if (!settings.success)
    return failure('Give the booking page address (https://cal.com/<you>/<event>).', {
      values: { bookingUrl },
    })
  const { data, error } = await supabase
    .from('integrations')
    .update({ config: settings.data as Record<string, string> })
    .eq('store_id', storeId)
    .eq('provider', 'calcom')
    .select('id')
  if (error) return failure(describeError(error, 'Could not save the event type.'))
  if (!data?.length)
    return failure('Only owners and admins choose the event type, once Cal.com is connected.')
  revalidatePath(`/stores/${storeId}/integrations`)
  return success(`The chat offers “${title}”.`)
}
