import 'server-only'
import { Constants } from '@parley/supabase/database'
import { z } from 'zod'
import { describeError } from '../errors.ts'
import { createClient } from '../supabase/server.ts'
import type { Loaded } from './stores.ts'

const Plan = z.object({
  id: z.string(),
  name: z.string(),
  position: z.number(),
  price_lookup_key: z.string().nullable(),
  monthly_price_cents: z.number(),
  currency: z.string(),
  max_chatbots: z.number().nullable(),
  max_seats: z.number().nullable(),
  max_conversations_per_month: z.number().nullable(),
  max_ai_answers_per_month: z.number().nullable(),
  allows_overage: z.boolean(),
  features: z.array(z.string()),
})

// billing_overview returns json (no shape in the generated types): checked here rather than cast.
const Overview = z.object({
  role: z.enum(['owner', 'admin']),
  plan_id: z.string(),
  status: z.enum(Constants.public.Enums.billing_status),
  has_customer: z.boolean(),
  cancel_at_period_end: z.boolean(),
  period_start: z.string(),
  period_end: z.string(),
  usage: z.object({
    conversations: z.number(),
    ai_answers: z.number(),
    chatbots: z.number(),
    seats: z.number(),
  }),
  plans: z.array(Plan),
  invoices: z.array(
    z.object({
      id: z.string(),
      number: z.string().nullable(),
      status: z.string(),
      amount_due: z.number(),
      amount_paid: z.number(),
      currency: z.string(),
      hosted_invoice_url: z.string().nullable(),
      created_at: z.string(),
    }),
  ),
  notices: z.array(
    z.object({ id: z.number(), kind: z.string(), message: z.string(), created_at: z.string() }),
  ),
})

export type BillingOverview = z.infer<typeof Overview>
export type BillingPlan = z.infer<typeof Plan>

/** The store's plan, period, usage, plans, invoices and notices; null when I am not its owner or admin. */
export async function getBillingOverview(storeId: string): Promise<Loaded<BillingOverview | null>> {
  const supabase = await createClient()
  const { data, error } = await supabase.rpc('billing_overview', { p_store: storeId })
  if (error) {
    if (error.code === 'P0002' || error.code === '22P02') return { ok: true, data: null }
    return { ok: false, error: describeError(error, 'Could not load billing.') }
  }
  const parsed = Overview.safeParse(data)
  if (!parsed.success) return { ok: false, error: 'Could not read the billing overview.' }
  return { ok: true, data: parsed.data }
}
