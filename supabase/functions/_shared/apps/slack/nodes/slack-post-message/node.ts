import { z } from 'zod'
import { defineNode, hint, OUT } from '../../../../automations/define.ts'
import { variables } from '../../../../automations/facts.ts'
import { render } from '../../../../automations/template.ts'
import { CHANNEL_ID } from '../../app.ts'

export default defineNode({
  id: 'slack-post-message',
  version: 1,
  kind: 'action',
  title: 'Post to Slack',
  description:
    'Posts a message to a Slack channel with a button back to the conversation; later posts about the same conversation go in its thread.',
  icon: 'slack',
  config: z.object({
    text: hint(z.string().trim().min(1, { error: 'Write the message.' }).max(3000).prefault(''), {
      title: 'Message',
      widget: 'template',
      placeholder: '{{contact.name | "A visitor"}} needs help: {{message.text}}',
      order: 1,
    }),
    channel: hint(
      z
        .string()
        .trim()
        .refine((c) => c === '' || CHANNEL_ID.test(c), { error: 'A channel id, like C0123456789.' })
        .prefault(''),
      {
        title: 'Channel',
        description: 'A channel id; empty: the channel chosen on the Integrations page.',
        placeholder: 'C0123456789',
        order: 2,
      },
    ),
    thread: hint(z.boolean().default(true), {
      title: 'Follow-ups in one thread',
      description: "Posts about a conversation that already has one go in that post's thread.",
      order: 3,
    }),
  }),
  output: z.object({ channel: z.string(), ts: z.string() }),
  ports: () => [OUT],
  connection: { provider: 'slack', label: 'Slack' },
  job: (c, facts) => ({
    topic: 'slack.post_message',
    payload: { text: render(c.text, variables(facts)), channel: c.channel || null, thread: c.thread },
  }),
  dryRun: (c, facts) => ({
    summary: `Post to Slack${c.channel ? ` (${c.channel})` : ''}: “${render(c.text, variables(facts))}”`,
  }),
  retry: { attempts: 8, backoff: { first: 10, max: 1800 } },
  idempotency:
    'Enqueued once per run step; Slack has no idempotency key, so a post whose answer was lost may show twice.',
  needsSession: false,
})
