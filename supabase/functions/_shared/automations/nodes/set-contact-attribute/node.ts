import { z } from 'zod'
import { defineNode, hint, OUT } from '../../define.ts'
import { variables } from '../../facts.ts'
import { render } from '../../template.ts'

export default defineNode({
  id: 'set-contact-attribute',
  version: 1,
  kind: 'action',
  title: 'Set a contact attribute',
  description: "Sets one of the contact's custom attributes (synced to Chatwoot like any change).",
  icon: 'user-cog',
  config: z.object({
    key: hint(
      z
        .string()
        .trim()
        .regex(/^[a-z][a-z0-9_]{0,59}$/, { error: 'Attribute names are lower case: letters, digits and _.' })
        .default('lead_stage'),
      { title: 'Attribute', order: 1 },
    ),
    value: hint(z.string().max(500).default(''), {
      title: 'Value',
      description: 'Numbers and true/false are stored as such. Empty removes the attribute.',
      widget: 'template',
      order: 2,
    }),
  }),
  output: z.object({ key: z.string(), value: z.unknown() }),
  ports: () => [OUT],
  job: (c, facts) => ({
    topic: 'automations.set_contact_attribute',
    payload: { key: c.key, value: typed(render(c.value, variables(facts))) },
  }),
  dryRun: (c, facts) => {
    const value = typed(render(c.value, variables(facts)))
    return {
      summary: `Set the contact's ${c.key} to ${JSON.stringify(value)}`,
      output: { key: c.key, value },
    }
  },
  idempotency: 'Setting a value twice leaves the same value.',
  retriggers: ['contact-attribute-changed'],
})

/** "42" -> 42, "true" -> true, "" -> null (removes), anything else stays text. */
export function typed(value: string): string | number | boolean | null {
  const v = value.trim()
  if (v === '') return null
  if (v === 'true' || v === 'false') return v === 'true'
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v)
  return value
}
