import { allRows } from '@parley/supabase/all-rows'
import { renderReportPdf } from '@parley/supabase/analytics/pdf'
import { reportSchema } from '@parley/supabase/analytics/schema'
import { z } from 'zod'
import { toCsv } from '../../../../../../lib/analytics/csv.ts'
import { filterArgs, todayIn } from '../../../../../../lib/analytics/filters.ts'
import { parseFilters } from '../../../../../../lib/analytics/parse-filters.ts'
import { getCurrentUser } from '../../../../../../lib/auth.ts'
import { getStoreTimeZone } from '../../../../../../lib/data/analytics.ts'
import { getStore } from '../../../../../../lib/data/stores.ts'
import { createClient } from '../../../../../../lib/supabase/server.ts'

const formatSchema = z.enum(['conversations', 'days', 'pdf'])

const conversationColumns = [
  'conversation',
  'started_at',
  'day',
  'chatbot',
  'channel',
  'language',
  'tags',
  'status',
  'outcome',
  'contact',
  'lead_score',
  'sentiment',
  'unanswered_questions',
  'handed_off_at',
  'agent',
  'first_agent_reply_s',
  'resolution_s',
]
const dayColumns = ['day', 'conversations', 'handoffs', 'resolved_by_bot', 'resolved_by_agent', 'unanswered']

const refuse = (status: number, message: string) =>
  new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } })

/**
 * The current view's data as a file, read as the signed-in member (RLS): `?format=conversations` (CSV, one
 * row per conversation started in the period), `days` (CSV, one row per day) or `pdf` (the report).
 */
export async function GET(request: Request, { params }: { params: Promise<{ storeId: string }> }) {
  const { storeId } = await params
  const user = await getCurrentUser()
  if (!user) return refuse(401, 'Sign in first.')
  const url = new URL(request.url)
  const format = formatSchema.safeParse(url.searchParams.get('format'))
  if (!format.success) return refuse(400, 'format must be conversations, days or pdf.')
  const store = await getStore(storeId)
  if (!store.ok) return refuse(503, store.error)
  if (!store.data) return refuse(404, 'No such store.')
  const timeZone = await getStoreTimeZone(storeId)
  const filters = parseFilters(url.searchParams, todayIn(timeZone))
  const supabase = await createClient()
  const name = `${store.data.slug}-analytics-${filters.from}-to-${filters.to}`

  if (format.data === 'conversations') {
    const { data, error } = await allRows((from, to) =>
      supabase
        .rpc('analytics_conversation_rows', filterArgs(storeId, filters))
        .order('started_at')
        .order('session_id')
        .range(from, to),
    )
    if (error) return refuse(503, 'Could not read the conversations. Try again.')
    const csv = toCsv(
      conversationColumns,
      data.map((r) => [
        r.session_id,
        r.started_at,
        r.day,
        r.chatbot,
        r.channel,
        r.language,
        r.tags,
        r.status,
        r.outcome,
        r.contact,
        r.lead_score,
        r.sentiment,
        r.unanswered,
        r.handed_off_at,
        r.agent,
        r.first_agent_reply_s,
        r.resolution_s,
      ]),
    )
    return file(csv, 'text/csv; charset=utf-8', `${name}-conversations.csv`)
  }

  const { data, error } = await supabase.rpc('analytics_report', filterArgs(storeId, filters))
  const report = reportSchema.safeParse(data)
  if (error || !report.success) return refuse(503, 'Could not read the analytics. Try again.')
  if (format.data === 'days') {
    const csv = toCsv(
      dayColumns,
      report.data.series.map((d) => [
        d.day,
        d.conversations,
        d.handoffs,
        d.resolved_by_bot,
        d.resolved_by_agent,
        d.unanswered,
      ]),
    )
    return file(csv, 'text/csv; charset=utf-8', `${name}-days.csv`)
  }
  const pdf = await renderReportPdf({ storeName: store.data.name, timeZone, report: report.data })
  return file(pdf, 'application/pdf', `${name}.pdf`)
}

function file(body: string | Uint8Array, type: string, filename: string): Response {
  return new Response(body as BodyInit, {
    headers: {
      'content-type': type,
      'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
      'cache-control': 'private, no-store',
    },
  })
}
