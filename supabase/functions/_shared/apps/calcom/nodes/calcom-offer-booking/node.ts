import { z } from 'zod'
import { defineNode, hint, OUT } from '../../../../automations/define.ts'
import { variables } from '../../../../automations/facts.ts'
import { render } from '../../../../automations/template.ts'

export default defineNode({
  id: 'calcom-offer-booking',
  version: 1,
  kind: 'action',
  title: 'Offer a booking (Cal.com)',
  description:
    "Posts a card in the chat with a link to the store's Cal.com booking page, prefilled with the visitor's name and e-mail; the booking shows up in the conversation.",
  icon: 'calendar',
  config: z.object({
    text: hint(z.string().trim().min(1, { error: 'Write the message.' }).max(1000).prefault(''), {
      title: 'Message',
      widget: 'template',
      placeholder: 'Pick a time that suits you, {{contact.name | "there"}}.',
      order: 1,
    }),
  }),
  output: z.object({ message_id: z.number(), booking_url: z.string() }),
  ports: () => [OUT],
  connection: { provider: 'calcom', label: 'Cal.com' },
  job: (c, facts) => ({
    topic: 'calcom.offer_booking',
    payload: {
      text: render(c.text, variables(facts)),
      name: facts.contact?.name ?? null,
      email: facts.contact?.email ?? null,
    },
  }),
  dryRun: (c, facts) => ({ summary: `Offer a booking: “${render(c.text, variables(facts))}”` }),
  retry: { attempts: 5, backoff: { first: 5, max: 300 } },
  idempotency: 'One card per run step: a repeated step finds the message it wrote.',
})
