import { z } from 'zod'
import { defineNode, hint, OUT } from '../../define.ts'
import type { AutomationEvent } from '../../events.ts'

export default defineNode({
  id: 'contact-attribute-changed',
  version: 1,
  kind: 'trigger',
  title: 'Contact attribute changed',
  description: "When one of a contact's custom attributes changes (optionally: to a given value).",
  icon: 'user-pen',
  config: z.object({
    key: hint(z.string().trim().min(1, { error: 'Name the attribute.' }).max(100).prefault(''), {
      title: 'Attribute',
      placeholder: 'plan',
      order: 1,
    }),
    to: hint(z.string().max(500).default(''), {
      title: 'Changed to',
      description: 'Empty for any new value.',
      order: 2,
    }),
  }),
  output: z.object({}),
  ports: () => [OUT],
  events: ['contact.attribute_changed'],
  match(c, event) {
    const { key, current } = (event as AutomationEvent<'contact.attribute_changed'>).payload
    return key === c.key && (c.to === '' || String(current ?? '') === c.to)
  },
})
