import { z } from 'zod'
import { defineNode, hint, OUT } from '../../define.ts'
import type { AutomationEvent } from '../../events.ts'

export default defineNode({
  id: 'lead-score-crossed',
  version: 1,
  kind: 'trigger',
  title: 'Lead score crosses a threshold',
  description: "When the conversation's lead score rises above (or falls below) a value.",
  icon: 'trending-up',
  config: z.object({
    threshold: hint(z.number().int().min(0).max(100).default(75), {
      title: 'Threshold',
      widget: 'number',
      order: 1,
    }),
    direction: hint(z.enum(['up', 'down']).default('up'), {
      title: 'Direction',
      description: 'Up: rises above the threshold. Down: falls below it.',
      widget: 'select',
      order: 2,
    }),
  }),
  output: z.object({}),
  ports: () => [OUT],
  events: ['lead_score.changed'],
  match(c, event) {
    const { previous, current } = (event as AutomationEvent<'lead_score.changed'>).payload
    const before = previous ?? (c.direction === 'up' ? 0 : 100)
    return c.direction === 'up'
      ? before <= c.threshold && current > c.threshold
      : before >= c.threshold && current < c.threshold
  },
})
