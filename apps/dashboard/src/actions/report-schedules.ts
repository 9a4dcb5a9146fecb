'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { type ActionState, failure, success } from '../lib/action-state.ts'
import { describeError } from '../lib/errors.ts'
import { createClient } from '../lib/supabase/server.ts'

const scheduleInput = z.object({
  storeId: z.uuid(),
  cadence: z.enum(['weekly', 'monthly']),
  enabled: z.boolean(),
  recipients: z.array(z.uuid()).max(50),
})

const analyticsPath = (storeId: string) => `/stores/${storeId}/analytics`

/** Turns a weekly or monthly report on (for these members) or off. */
export async function saveReportSchedule(input: z.input<typeof scheduleInput>): Promise<ActionState> {
  const parsed = scheduleInput.safeParse(input)
  if (!parsed.success) return failure('That schedule could not be read.')
  const { storeId, cadence, enabled, recipients } = parsed.data
  if (enabled && recipients.length === 0) return failure('Choose at least one member to send it to.')
  const supabase = await createClient()
  const { error } = await supabase.rpc('save_analytics_report_schedule', {
    p_store_id: storeId,
    p_cadence: cadence,
    p_enabled: enabled,
    p_recipients: recipients,
  })
  if (error) return failure(describeError(error, 'Could not save the schedule.'))
  revalidatePath(analyticsPath(storeId))
  return success(enabled ? `The ${cadence} report is on.` : `The ${cadence} report is off.`)
}

/** Sends the last finished period's report now (once per period: a second click sends nothing). */
export async function sendLastReport(input: { storeId: string; scheduleId: string }): Promise<ActionState> {
  const parsed = z.object({ storeId: z.uuid(), scheduleId: z.uuid() }).safeParse(input)
  if (!parsed.success) return failure('That schedule could not be found.')
  const supabase = await createClient()
  const { data, error } = await supabase.rpc('send_last_analytics_report', {
    p_schedule_id: parsed.data.scheduleId,
  })
  if (error) return failure(describeError(error, 'Could not send the report.'))
  return success(data ? 'The last report is on its way.' : 'The last report was already sent.')
}
