import { z } from 'zod'
import { defineNode, hint, OUT } from '../../../../automations/define.ts'
import { variables } from '../../../../automations/facts.ts'
import { render } from '../../../../automations/template.ts'

const propertyName = /^[a-z][a-z0-9_]{0,99}$/

export default defineNode({
  id: 'hubspot-sync-lead',
  version: 1,
  kind: 'action',
  title: 'Send the lead to HubSpot',
  description:
    'Creates or updates the contact by e-mail with the properties you map (lead score, sentiment, attributes), optionally a deal for them, and a note with the conversation.',
  icon: 'briefcase',
  config: z.object({
    properties: hint(
      z
        .record(
          z.string().regex(propertyName, { error: 'HubSpot property names are lower_case.' }),
          z.string().max(1000),
        )
        .prefault({ firstname: '{{contact.name}}', phone: '{{contact.phone}}' }),
      {
        title: 'Contact properties',
        description:
          'HubSpot property → value. Custom properties (e.g. parley_lead_score = {{session.lead_score}}) must exist in HubSpot.',
        order: 1,
      },
    ),
    deal: hint(z.string().trim().max(200).prefault(''), {
      title: 'Deal name',
      description: 'Empty: no deal.',
      widget: 'template',
      placeholder: 'Chat lead: {{contact.name}}',
      order: 2,
    }),
    note: hint(z.string().trim().max(5000).prefault('Parley conversation: {{message.text}}'), {
      title: 'Note',
      widget: 'textarea',
      order: 3,
    }),
  }),
  output: z.object({
    contact_id: z.string(),
    deal_id: z.string().nullable(),
    note_id: z.string().nullable(),
  }),
  ports: () => [OUT],
  connection: { provider: 'hubspot', label: 'HubSpot' },
  job: (c, facts) => {
    const vars = variables(facts)
    return {
      topic: 'hubspot.sync_lead',
      payload: {
        email: facts.contact?.email ?? null,
        properties: Object.fromEntries(Object.entries(c.properties).map(([k, v]) => [k, render(v, vars)])),
        deal: c.deal ? render(c.deal, vars) : null,
        note: c.note ? render(c.note, vars) : null,
      },
    }
  },
  dryRun: (c, facts) => ({
    summary: `HubSpot: contact ${facts.contact?.email ?? '(no e-mail)'}${c.deal ? `, deal “${render(c.deal, variables(facts))}”` : ''}${c.note ? ', a note' : ''}`,
  }),
  retry: { attempts: 8, backoff: { first: 10, max: 1800 } },
  idempotency:
    'The contact is upserted by e-mail; the deal and the note are remembered once created, so a retry does not make them again.',
  needsSession: false,
})
