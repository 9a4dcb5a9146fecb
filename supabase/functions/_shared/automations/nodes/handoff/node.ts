import { z } from 'zod'
import { defineNode, hint, OUT } from '../../define.ts'
import { variables } from '../../facts.ts'
import { render } from '../../template.ts'

export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const

export default defineNode({
  id: 'handoff',
  version: 1,
  kind: 'action',
  title: 'Hand off to a person',
  description:
    'Puts the conversation in the queue for a person, with a team and a priority (Chatwoot gets it).',
  icon: 'headset',
  config: z.object({
    team: hint(z.string().trim().max(80).default(''), { title: 'Team', placeholder: 'Support', order: 1 }),
    priority: hint(z.enum(PRIORITIES).default('medium'), { title: 'Priority', widget: 'select', order: 2 }),
    message: hint(z.string().trim().max(2000).default(''), {
      title: 'Tell the visitor',
      description: 'Optional: a message before the handoff.',
      widget: 'template',
      order: 3,
    }),
  }),
  output: z.object({ handed_off: z.boolean() }),
  ports: () => [OUT],
  job: (c, facts) => ({
    topic: 'automations.handoff',
    payload: {
      team: c.team || null,
      priority: c.priority,
      message: c.message ? render(c.message, variables(facts)) : null,
    },
  }),
  dryRun: (c) => ({
    summary: `Hand off to ${c.team || 'the team'} with ${c.priority} priority`,
    output: { handed_off: true },
  }),
  idempotency: 'A conversation already with a person stays there (it gets the team and priority).',
  retriggers: ['handoff-requested'],
})
