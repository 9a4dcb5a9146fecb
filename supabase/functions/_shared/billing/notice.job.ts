// A billing notice (80 % or 100 % of a meter, a failed payment) by email to the store's owners, once per
// notice (the key); the same notice is on the billing page. The provider gets the key too, so a retry after
// a lost answer is not delivered twice where the provider dedupes.
import { z } from 'zod'
import { dashboardUrl } from '../dashboard-url.ts'
import { email } from '../email/destination.ts'
import { memberEmails } from '../email/member-emails.ts'
import { emailFromEnv } from '../email/provider.ts'
import { env } from '../env.ts'
import { defineJob, done } from '../jobs/define.ts'

const meters: Record<string, string> = { conversations: 'conversations', ai_answers: 'AI answers' }

function subject(kind: string, meter: string | null, store: string): string {
  const what = meters[meter ?? ''] ?? 'usage'
  if (kind === 'usage_80') return `${store}: 80 % of this period's ${what} used`
  if (kind === 'usage_100') return `${store}: this period's ${what} are used up`
  return `${store}: a payment for your Parley plan failed`
}

export default defineJob({
  topic: 'billing.notice',
  title: "Email the store's owners a billing notice",
  payload: z.object({ store_id: z.uuid(), notice_id: z.number().int().positive() }),
  destination: email,
  retry: { attempts: 6, backoff: { first: 60, max: 3600 } },
  key: 'billing-notice:{notice_id}',
  async run(payload, ctx) {
    const { data: notice, error } = await ctx.db
      .from('billing_notices')
      .select('kind, meter, message, store:stores (name)')
      .eq('id', payload.notice_id)
      .eq('store_id', payload.store_id)
      .maybeSingle()
    if (error) throw error
    if (!notice?.store) return done({ skipped: 'the notice or its store is gone' })

    const to = await memberEmails(ctx.db, payload.store_id, { role: 'owner' })
    if (to.length === 0) return done({ skipped: 'the store has no owner with an email address' })

    const dashboard = dashboardUrl()
    const settings = emailFromEnv(env)
    const sent = await settings.provider.send({
      from: settings.from,
      to,
      subject: subject(notice.kind, notice.meter, notice.store.name),
      text: [
        notice.message,
        '',
        `Your plan, usage and invoices: ${dashboard}/stores/${payload.store_id}/billing`,
      ].join('\n'),
      idempotencyKey: ctx.job.idempotencyKey ?? undefined,
    })
    return done({ email_id: sent.id, recipients: to.length })
  },
})
