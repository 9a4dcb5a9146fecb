// A choice whose options depend on sibling fields (a rule's operators on its field's type). The schema
// says so with the `optionsBy` hint: the sibling keys to read and the options for each combination of
// their values (joined with ':'); the most specific key that has options wins, and without one the
// choice keeps its whole enum. The form stays generic: it knows this hint, never a node type.
import type { JsonSchema } from './node-types.ts'

interface OptionsBy {
  keys: string[]
  options: Record<string, readonly string[]>
}

const optionsBy = (schema: JsonSchema) => schema.optionsBy as OptionsBy | undefined

/** The options a choice offers, given the object it sits in. */
export function optionsOf(schema: JsonSchema, siblings: Record<string, unknown> = {}): string[] {
  const all = (schema.enum ?? []).map(String)
  const by = optionsBy(schema)
  if (!by) return all
  const values = by.keys.map((k) => siblings[k]).filter((v) => v !== undefined && v !== null && v !== '')
  for (let n = values.length; n > 0; n--) {
    const options = by.options[values.slice(0, n).map(String).join(':')]
    if (options) return options.filter((o) => all.includes(o)) // in the order the hint gives
  }
  return all
}

/**
 * After a field of an object changed: every choice that depends on it and now holds an option it no
 * longer offers moves to its first option (a rule switched from a text field to a number gets `=`).
 */
export function reconcileOptions(
  schema: JsonSchema,
  object: Record<string, unknown>,
  changed: string,
): Record<string, unknown> {
  let next = object
  for (const [key, field] of Object.entries(schema.properties ?? {})) {
    if (!optionsBy(field)?.keys.includes(changed)) continue
    const options = optionsOf(field, next)
    const current = next[key]
    if (current !== undefined && options.includes(String(current))) continue
    if (current === undefined && !(schema.required ?? []).includes(key)) continue
    next = { ...next, [key]: options[0] }
  }
  return next
}

/** A key or value made readable: 'lead_score' → 'Lead score'. */
export const humanize = (key: string) => key.replace(/[_-]+/g, ' ').replace(/^./, (c) => c.toUpperCase())

/** How a choice's option is shown: the schema's label for it, else the value made readable. */
export const optionLabel = (schema: JsonSchema, option: string) =>
  (schema.optionLabels as Record<string, string> | undefined)?.[option] ?? humanize(option)
