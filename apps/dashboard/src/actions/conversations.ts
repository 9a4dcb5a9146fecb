'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { type ActionState, failure, success } from '../lib/action-state.ts'
import { describeError } from '../lib/errors.ts'
import { createClient } from '../lib/supabase/server.ts'

const resolveSchema = z.object({ storeId: z.uuid(), sessionId: z.uuid() })

/** Any member may close a conversation; realtime tells every open dashboard. */
export async function resolveSession(input: { storeId: string; sessionId: string }): Promise<ActionState> {
  const parsed = resolveSchema.safeParse(input)
  if (!parsed.success) return failure('That conversation could not be found.')
  const { storeId, sessionId } = parsed.data
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('chat_sessions')
    .update({ status: 'resolved', resolved_at: new Date().toISOString() })
    .eq('id', sessionId)
    .eq('store_id', storeId)
    .select('id')
  if (error) return failure(describeError(error, 'Could not resolve the conversation.'))
  if (!data?.length) return failure('This conversation no longer exists, or you may not change it.')
  revalidatePath(`/stores/${storeId}/conversations`)
  return success('Marked as resolved.')
}
