// A scheduled analytics report, for one schedule and one period: the report as a PDF, by email to the
// schedule's recipients who are still members. Keyed by schedule and period, so a period is sent once;
// after sending, it enqueues the next period (due when that one ends in the store's time zone). No lane:
// the next period's job waits for its own time and must not hold back a "send the last report now".
// A run again after the email went out (the schedule records the period sent) sends nothing twice.
import { z } from 'zod'
import { email } from '../email/destination.ts'
import { memberEmails } from '../email/member-emails.ts'
import { emailFromEnv } from '../email/provider.ts'
import { env } from '../env.ts'
import { defineJob, done } from '../jobs/define.ts'
import { renderReportPdf } from './pdf.ts'
import { kpiDefinitions } from './report.ts'
import { reportSchema } from './report-schema.ts'

export default defineJob({
  topic: 'analytics.send_report',
  title: 'Email a scheduled analytics report',
  payload: z.object({
    store_id: z.uuid(),
    schedule_id: z.uuid(),
    period_start: z.iso.date(),
    period_end: z.iso.date(),
  }),
  destination: email,
  retry: { attempts: 6, backoff: { first: 60, max: 3600 } },
  key: 'analytics-report:{schedule_id}:{period_start}',
  async run(payload, ctx) {
    const { data: schedule, error } = await ctx.db
      .from('analytics_report_schedules')
      .select('id, cadence, recipients, enabled, last_sent_period_start, store:stores (name, time_zone)')
      .eq('id', payload.schedule_id)
      .eq('store_id', payload.store_id)
      .maybeSingle()
    if (error) throw error
    if (!schedule?.enabled || !schedule.store)
      return done({ skipped: 'the schedule was removed or turned off' })
    // ISO dates compare as text
    if (schedule.last_sent_period_start && schedule.last_sent_period_start >= payload.period_start) {
      await ctx.db.rpc('enqueue_next_analytics_report', { p_schedule_id: schedule.id })
      return done({ skipped: 'this period was sent already' })
    }

    const to = await memberEmails(ctx.db, payload.store_id, { userIds: schedule.recipients })
    if (to.length === 0) {
      await ctx.db.rpc('enqueue_next_analytics_report', { p_schedule_id: schedule.id })
      return done({ skipped: 'no recipient is a member any more' })
    }

    const { data, error: reportError } = await ctx.db.rpc('analytics_report', {
      p_store_id: payload.store_id,
      p_from: payload.period_start,
      p_to: payload.period_end,
    })
    if (reportError) throw reportError
    const report = reportSchema.parse(data)
    const { name, time_zone: timeZone } = schedule.store
    const pdf = await renderReportPdf({ storeName: name, timeZone, report })
    const cadence = schedule.cadence === 'weekly' ? 'Weekly' : 'Monthly'
    const lines = kpiDefinitions.map((k) => `${k.label}: ${k.format(k.value(report.kpis))}`)
    const settings = emailFromEnv(env)
    const sent = await settings.provider.send({
      from: settings.from,
      to,
      subject: `${cadence} analytics for ${name}: ${payload.period_start} to ${payload.period_end}`,
      text: [
        `${name}, ${payload.period_start} to ${payload.period_end} (${timeZone}):`,
        '',
        ...lines,
        '',
        'The full report is attached.',
      ].join('\n'),
      attachments: [
        {
          filename: `analytics-${payload.period_start}-to-${payload.period_end}.pdf`,
          contentType: 'application/pdf',
          content: pdf,
        },
      ],
      idempotencyKey: ctx.job.idempotencyKey ?? undefined,
    })
    const { error: markError } = await ctx.db
      .from('analytics_report_schedules')
      .update({ last_sent_period_start: payload.period_start })
      .eq('id', schedule.id)
      .eq('store_id', payload.store_id)
    if (markError) throw markError
    await ctx.db.rpc('enqueue_next_analytics_report', { p_schedule_id: schedule.id })
    return done({ email_id: sent.id, recipients: to.length })
  },
})
