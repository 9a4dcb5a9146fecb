import { z } from 'zod'
import { defineNode, hint, OUT } from '../../../../automations/define.ts'
import type { AutomationEvent } from '../../../../automations/events.ts'

export default defineNode({
  id: 'stripe-payment-failed',
  version: 1,
  kind: 'trigger',
  title: 'Payment failed',
  description: 'When the payment of a payment request in the chat did not go through.',
  icon: 'circle-x',
  config: z.object({
    min_amount: hint(z.number().int().min(0).default(0), {
      title: 'Only from this amount (in cents)',
      description: '0: every payment request.',
    }),
  }),
  output: z.object({}),
  ports: () => [OUT],
  events: ['payment.failed'],
  match: (c, event) => (event as AutomationEvent<'payment.failed'>).payload.amount >= c.min_amount,
})
