import 'server-only'
import { type Report, reportSchema } from '@parley/supabase/analytics/schema'
import { type AskedFilters, reportArgs } from '../analytics/filters.ts'
import { describeError } from '../errors.ts'
import { createClient } from '../supabase/server.ts'
import type { Loaded } from './stores.ts'

/** The store's time zone (the rollups' days are its days), UTC when it cannot be read. */
export async function getStoreTimeZone(storeId: string): Promise<string> {
  const supabase = await createClient()
  const { data } = await supabase.from('stores').select('time_zone').eq('id', storeId).maybeSingle()
  return data?.time_zone ?? 'UTC'
}

/**
 * Everything the analytics page draws for these filters, read as the signed-in member (RLS). Without dates,
 * the last 30 days in the store's time zone: the report's `from` and `to` say which.
 */
export async function getReport(storeId: string, filters: AskedFilters): Promise<Loaded<Report>> {
  const supabase = await createClient()
  const { data, error } = await supabase.rpc('analytics_report', reportArgs(storeId, filters))
  if (error) return { ok: false, error: describeError(error, 'Could not load the analytics.') }
  const parsed = reportSchema.safeParse(data)
  if (!parsed.success)
    return { ok: false, error: 'The analytics came back in a shape this page does not know.' }
  return { ok: true, data: parsed.data }
}

export type ReportSchedule = {
  id: string
  cadence: 'weekly' | 'monthly'
  recipients: string[]
  enabled: boolean
}

/** The store's scheduled reports (members read them; owners and admins change them). */
export async function listReportSchedules(storeId: string): Promise<Loaded<ReportSchedule[]>> {
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('analytics_report_schedules')
    .select('id, cadence, recipients, enabled')
    .eq('store_id', storeId)
  if (error) return { ok: false, error: describeError(error, 'Could not load the scheduled reports.') }
  return { ok: true, data }
}
