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
  // The wait starts when the conversation is handed to a person and again at each line the visitor adds.
  events: ['handoff.requested', 'message.awaiting_agent'],
  match: () => true,
  defer: {
    seconds: (c) => c.minutes * 60,
    stillTrue(_c, event, facts) {
      const session = facts.session
      if (!session || (session.status !== 'queued' && session.status !== 'human')) return false
      const lastReply = session.last_agent_reply_at
      // A line written before any agent answered waits on the handoff's clock: one nudge per wait.
      if (event.type === 'message.awaiting_agent') return lastReply !== null && lastReply < event.created_at
      return lastReply === null || lastReply < event.created_at
    },
  },
})
