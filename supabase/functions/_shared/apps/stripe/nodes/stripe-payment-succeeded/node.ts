import { z } from 'zod'
import { defineNode, hint, OUT } from '../../../../automations/define.ts'
import type { AutomationEvent } from '../../../../automations/events.ts'

export default defineNode({
  id: 'stripe-payment-succeeded',
  version: 1,
  kind: 'trigger',
  title: 'Payment succeeded',
  description: 'When a shopper paid a payment request in the chat.',
  icon: 'circle-dollar-sign',
  config: z.object({
    min_amount: hint(z.number().int().min(0).default(0), {
      title: 'Only from this amount (in cents)',
      description: '0: every payment request.',
    }),
  }),
  output: z.object({}),
  ports: () => [OUT],
  events: ['payment.succeeded'],
  match: (c, event) => (event as AutomationEvent<'payment.succeeded'>).payload.amount >= c.min_amount,
})
