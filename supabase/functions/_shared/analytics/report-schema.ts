import { z } from 'zod'

// The shape public.analytics_report returns (jsonb, which the generated types cannot describe), checked where
// a report is read. Apart from report.ts so that the page's first view, which only draws a report, ships
// without zod.
const count = z.coerce.number().catch(0)
const seconds = z.number().nullable().catch(null)

export const kpisSchema = z.object({
  conversations: count,
  resolved_by_bot: count,
  resolved_by_agent: count,
  abandoned: count,
  bot_resolution_rate: z.number().nullable().catch(null),
  handoffs: count,
  handoff_rate: z.number().nullable().catch(null),
  bot_answered: count,
  unanswered: count,
  median_bot_response_s: seconds,
  median_agent_first_response_s: seconds,
  median_resolution_bot_s: seconds,
  median_resolution_agent_s: seconds,
  median_resolution_s: seconds,
  avg_sentiment: z.number().nullable().catch(null),
  leads_over_75: count,
  automation_runs: count,
  automation_failures: count,
})
export type Kpis = z.infer<typeof kpisSchema>

export const reportSchema = z.object({
  from: z.string(),
  to: z.string(),
  kpis: kpisSchema,
  previous: kpisSchema,
  series: z
    .array(
      z.object({
        day: z.string(),
        conversations: count,
        handoffs: count,
        resolved_by_bot: count,
        resolved_by_agent: count,
        unanswered: count,
      }),
    )
    .nullable()
    .transform((v) => v ?? []),
  funnel: z
    .array(z.object({ kind: z.string(), events: count }))
    .nullable()
    .transform((v) => v ?? []),
  intents: z.array(z.object({ intent: z.string(), events: count })),
  unanswered: z.array(z.object({ question: z.string(), count, last_at: z.string() })),
  sentiment: z
    .array(z.object({ bucket: z.string(), events: count }))
    .nullable()
    .transform((v) => v ?? []),
  agents: z.array(
    z.object({
      agent: z.string(),
      conversations: count,
      median_first_response_s: seconds,
      median_resolution_s: seconds,
    }),
  ),
})
export type Report = z.infer<typeof reportSchema>
