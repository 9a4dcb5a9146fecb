import { z } from 'zod'
import { defineNode, hint, OUT } from '../../define.ts'
import type { AutomationEvent } from '../../events.ts'

export default defineNode({
  id: 'intent-detected',
  version: 1,
  kind: 'trigger',
  title: 'Intent detected',
  description: "When a visitor's message is about one of these intents (order status, returns, ...).",
  icon: 'target',
  config: z.object({
    intents: hint(
      z.array(z.string().trim().min(1).max(60)).min(1, { error: 'Name at least one intent.' }).prefault([]),
      {
        title: 'Intents',
        widget: 'tags',
        placeholder: 'returns',
      },
    ),
  }),
  output: z.object({}),
  ports: () => [OUT],
  events: ['intent.detected'],
  match: (c, event) => c.intents.includes((event as AutomationEvent<'intent.detected'>).payload.intent),
})
