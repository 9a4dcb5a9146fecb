import { z } from 'zod'
import { defineNode, hint, OUT } from '../../define.ts'
import type { AutomationEvent } from '../../events.ts'

const sources = ['visitor', 'bot', 'automation', 'agent'] as const

export default defineNode({
  id: 'handoff-requested',
  version: 1,
  kind: 'trigger',
  title: 'Handoff requested',
  description: 'When a conversation goes to the queue for a person.',
  icon: 'hand',
  config: z.object({
    by: hint(z.array(z.enum(sources)).default([]), {
      title: 'Requested by',
      description: 'Empty for any: the visitor asked, the bot decided, an automation or an agent took it.',
      widget: 'tags',
    }),
  }),
  output: z.object({}),
  ports: () => [OUT],
  events: ['handoff.requested'],
  match: (c, event) =>
    c.by.length === 0 || c.by.includes((event as AutomationEvent<'handoff.requested'>).payload.by),
})
