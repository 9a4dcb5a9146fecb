import { z } from 'zod'
import { defineNode, hint, OUT } from '../../define.ts'
import type { AutomationEvent } from '../../events.ts'

export default defineNode({
  id: 'conversation-resolved',
  version: 1,
  kind: 'trigger',
  title: 'Conversation resolved',
  description: 'When a conversation is closed, by the bot or by an agent.',
  icon: 'circle-check',
  config: z.object({
    by: hint(z.enum(['any', 'bot', 'agent']).default('any'), { title: 'Resolved by', widget: 'select' }),
  }),
  output: z.object({}),
  ports: () => [OUT],
  events: ['conversation.resolved'],
  match: (c, event) =>
    c.by === 'any' || c.by === (event as AutomationEvent<'conversation.resolved'>).payload.by,
})
