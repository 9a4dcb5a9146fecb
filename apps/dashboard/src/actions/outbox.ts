'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { type ActionState, failure, success } from '../lib/action-state.ts'
import { describeError } from '../lib/errors.ts'
import { createClient } from '../lib/supabase/server.ts'

const retrySchema = z.object({ storeId: z.uuid(), jobId: z.coerce.number().int().positive() })

/**
 * Owners and admins run a failed or dead-lettered outbox job again (the database checks the role); a job
 * that stopped behind another one retries that one, and everything that stopped with it follows in order.
 */
export async function retryOutboxJob(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = retrySchema.safeParse(Object.fromEntries(formData))
  if (!parsed.success) return failure('That job could not be found.')
  const { storeId, jobId } = parsed.data
  const supabase = await createClient()
  const { error } = await supabase.rpc('retry_outbox_job', { p_job_id: jobId })
  if (error) {
    // 404: not a failed job of a store the caller owns or administers (one answer for both).
    if (error.code === 'PT404') return failure('That job is no longer failed, or you may not retry it.')
    return failure(describeError(error, 'Could not retry the job.'))
  }
  revalidatePath(`/stores/${storeId}`)
  return success('Retrying now.')
}
