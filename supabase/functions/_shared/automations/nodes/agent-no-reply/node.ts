import { z } from 'zod'
import { defineNode, hint, OUT } from '../../define.ts'

export default defineNode({
  id: 'agent-no-reply',
  version: 1,
  kind: 'trigger',
  title: 'No agent reply',
  description: 'When a visitor waiting for a person has had no answer from an agent within some minutes.',
  icon: 'timer',
  config: z.object({
    minutes: hint(z.number().int().min(1).max(1440).default(10), {
      title: 'Minutes without a reply',
      widget: 'number',
    }),
  }),
  output: z.object({}),
  ports: () => [OUT],
  events: ['message.awaiting_agent'],
  match: () => true,
  defer: {
    seconds: (c) => c.minutes * 60,
    stillTrue(_c, event, facts) {
      const session = facts.session
      if (!session || (session.status !== 'queued' && session.status !== 'human')) return false
      return session.last_agent_reply_at === null || session.last_agent_reply_at < event.created_at
    },
  },
})
