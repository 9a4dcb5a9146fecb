import { z } from 'zod'
import { defineNode, hint, OUT } from '../../define.ts'
import { variables } from '../../facts.ts'
import { render } from '../../template.ts'

export default defineNode({
  id: 'send-reply',
  version: 1,
  kind: 'action',
  title: 'Reply in the chat',
  description: 'The bot writes a message in the conversation. Variables like {{contact.name}} are filled in.',
  icon: 'send',
  config: z.object({
    message: hint(z.string().trim().min(1, { error: 'Write the message.' }).max(2000).prefault(''), {
      title: 'Message',
      widget: 'template',
      placeholder: 'Hi {{contact.name | "there"}}, ...',
    }),
  }),
  output: z.object({ message_id: z.number() }),
  ports: () => [OUT],
  job: (c, facts) => ({
    topic: 'automations.send_reply',
    payload: { content: render(c.message, variables(facts)) },
  }),
  dryRun: (c, facts) => ({ summary: `Reply: “${render(c.message, variables(facts))}”` }),
  idempotency: 'One message per run step: a repeated step finds the message it wrote.',
})
