import { z } from 'zod'
import { defineNode, hint, OUT } from '../../../../automations/define.ts'
import { variables } from '../../../../automations/facts.ts'
import { render } from '../../../../automations/template.ts'

const headerName = /^[A-Za-z0-9-]{1,60}$/

export default defineNode({
  id: 'webhook-send',
  version: 1,
  kind: 'action',
  title: 'Send a webhook',
  description:
    "POSTs the conversation's details as JSON to your endpoint, signed with the Webhook app's secret (HMAC-SHA256), retried with backoff.",
  icon: 'webhook',
  config: z.object({
    // Empty: the endpoint set on the Webhook app. Automations made before the app each named their own URL
    // (one store may feed several systems), so a step may still name one; it is signed the same way.
    url: hint(
      z
        .string()
        .trim()
        .prefault('')
        .refine((u) => u === '' || /^https?:\/\/[^\s]+$/i.test(u), { error: 'Give a full http(s) URL.' }),
      {
        title: 'URL',
        description: 'Leave empty to use the endpoint set on the Webhook app (Integrations).',
        widget: 'url',
        placeholder: 'https://example.com/hooks/parley',
        order: 1,
      },
    ),
    fields: hint(z.record(z.string().regex(/^[a-z][a-z0-9_]{0,59}$/), z.string().max(1000)).default({}), {
      title: 'Extra fields',
      description: 'Added to the body under "data"; values may use {{variables}}.',
      order: 2,
    }),
    headers: hint(
      z
        .record(
          z.string().regex(headerName, { error: 'Header names are letters, digits and -.' }),
          z.string().max(2000),
        )
        .default({}),
      {
        title: 'Headers',
        description: 'For example an Authorization header (not exported).',
        widget: 'secret',
        order: 3,
      },
    ),
  }),
  output: z.object({ status: z.number() }),
  ports: () => [OUT],
  secretFields: ['headers'],
  job(c, facts) {
    const vars = variables(facts)
    return {
      topic: 'webhook.send',
      payload: {
        url: c.url || null,
        headers: c.headers,
        body: {
          event: facts.event.type,
          conversation: facts.session && {
            id: facts.session.id,
            status: facts.session.status,
            language: facts.session.language,
            sentiment: facts.session.sentiment,
            lead_score: facts.session.lead_score,
            tags: facts.session.tags,
          },
          contact: facts.contact && {
            id: facts.contact.id,
            name: facts.contact.name,
            email: facts.contact.email,
            phone: facts.contact.phone,
          },
          message: facts.message && {
            id: facts.message.id,
            text: facts.message.text,
            intent: facts.message.intent,
          },
          data: Object.fromEntries(Object.entries(c.fields).map(([k, v]) => [k, render(v, vars)])),
        },
      },
    }
  },
  dryRun: (c) => ({ summary: `POST a signed webhook to ${c.url || 'the Webhook app’s endpoint'}` }),
  retry: { attempts: 6, backoff: { first: 10, max: 3600 } },
  idempotency: 'Each delivery carries X-Parley-Delivery (run and step), the same on every retry.',
  needsSession: false,
})
