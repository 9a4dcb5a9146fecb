import { z } from 'zod'
import { defineNode, hint, OUT } from '../../define.ts'
import { variables } from '../../facts.ts'
import { render } from '../../template.ts'

export default defineNode({
  id: 'close-conversation',
  version: 1,
  kind: 'action',
  title: 'Close the conversation',
  description:
    'Resolves the conversation, optionally with a last message (a visitor writing again reopens it).',
  icon: 'circle-x',
  config: z.object({
    message: hint(z.string().trim().max(2000).default(''), { title: 'Last message', widget: 'template' }),
  }),
  output: z.object({ closed: z.boolean() }),
  ports: () => [OUT],
  job: (c, facts) => ({
    topic: 'automations.close_conversation',
    payload: { message: c.message ? render(c.message, variables(facts)) : null },
  }),
  dryRun: (c, facts) => ({
    summary: c.message
      ? `Close the conversation after “${render(c.message, variables(facts))}”`
      : 'Close the conversation',
    output: { closed: true },
  }),
  idempotency: 'A resolved conversation stays resolved; the last message is written once per step.',
  retriggers: ['conversation-resolved'],
})
