import { z } from 'zod'
import { defineNode, hint, OUT } from '../../../../automations/define.ts'
import { variables } from '../../../../automations/facts.ts'
import { render } from '../../../../automations/template.ts'

export default defineNode({
  id: 'stripe-request-payment',
  version: 1,
  kind: 'action',
  title: 'Ask for a payment',
  description:
    'Sends a payment card with a Pay button into the conversation: a Stripe Checkout page on your own account. Its outcome fires the payment triggers.',
  icon: 'credit-card',
  config: z.object({
    amount: hint(z.number().int().min(50, { error: 'At least 50 (cents).' }).max(99_999_999).prefault(0), {
      title: 'Amount (in cents)',
      description: '4250 asks for 42.50.',
      order: 1,
    }),
    currency: hint(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z]{3}$/, { error: 'A three-letter currency code, e.g. eur.' })
        .default('eur'),
      { title: 'Currency', order: 2 },
    ),
    description: hint(z.string().trim().min(1, { error: 'Say what it is for.' }).max(300).prefault(''), {
      title: 'What it is for',
      widget: 'template',
      placeholder: 'Deposit for {{contact.name}}',
      order: 3,
    }),
    expires_in_minutes: hint(z.number().int().min(30).max(1440).default(1440), {
      title: 'Link valid for (minutes)',
      description: '30 minutes to 24 hours.',
      order: 4,
    }),
  }),
  output: z.object({ payment_request_id: z.uuid() }),
  ports: () => [OUT],
  connection: { provider: 'stripe', label: 'Stripe' },
  job: (c, facts) => ({
    topic: 'stripe.request_payment',
    payload: {
      amount: c.amount,
      currency: c.currency,
      description: render(c.description, variables(facts)).slice(0, 300),
      expires_in_minutes: c.expires_in_minutes,
    },
  }),
  dryRun: (c, facts) => ({
    summary: `Stripe: ask for ${(c.amount / 100).toFixed(2)} ${c.currency.toUpperCase()} for “${render(c.description, variables(facts))}”`,
  }),
  retry: { attempts: 5, backoff: { first: 5, max: 300 } },
  idempotency: 'One payment request per run step (its key): a retry finds the request it made.',
})
