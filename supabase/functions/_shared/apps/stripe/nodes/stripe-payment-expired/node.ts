import { z } from 'zod'
import { defineNode, hint, OUT } from '../../../../automations/define.ts'
import type { AutomationEvent } from '../../../../automations/events.ts'

export default defineNode({
  id: 'stripe-payment-expired',
  version: 1,
  kind: 'trigger',
  title: 'Payment link expired',
  description: 'When a payment link sent in the chat expired unpaid.',
  icon: 'timer-off',
  config: z.object({
    min_amount: hint(z.number().int().min(0).default(0), {
      title: 'Only from this amount (in cents)',
      description: '0: every payment request.',
    }),
  }),
  output: z.object({}),
  ports: () => [OUT],
  events: ['payment.expired'],
  match: (c, event) => (event as AutomationEvent<'payment.expired'>).payload.amount >= c.min_amount,
})
