import { z } from 'zod'
import { defineNode, hint, OUT } from '../../define.ts'
import type { AutomationEvent } from '../../events.ts'

export default defineNode({
  id: 'sentiment-below',
  version: 1,
  kind: 'trigger',
  title: 'Sentiment turns negative',
  description:
    "When the conversation's sentiment falls to or below a threshold (once per dip: it fires again only after recovering).",
  icon: 'frown',
  config: z.object({
    threshold: hint(z.number().min(-1).max(1).default(-0.3), {
      title: 'At or below',
      description: 'From -1 (very negative) to 1 (very positive).',
      widget: 'number',
    }),
  }),
  output: z.object({}),
  ports: () => [OUT],
  events: ['sentiment.changed'],
  match(c, event) {
    const { previous, current } = (event as AutomationEvent<'sentiment.changed'>).payload
    return current <= c.threshold && (previous == null || previous > c.threshold)
  },
})
