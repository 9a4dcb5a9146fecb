// Message templates: `Hi {{contact.name | "there"}}, call us on {{store.fallback_phone}}`. A name reads a
// path of the run's variables (facts.ts); `| "text"` is the fallback when it is empty or missing.
// Nothing else is evaluated, so a template can never run code or reach outside the variables.

const PLACEHOLDER = /\{\{\s*([a-zA-Z_][\w.-]*)\s*(?:\|\s*"([^"]*)"\s*)?\}\}/g

export function lookup(source: unknown, path: string): unknown {
  let value: unknown = source
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string, unknown>)[part]
  }
  return value
}

function text(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2)
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

export function render(template: string, variables: Record<string, unknown>): string {
  return template.replace(PLACEHOLDER, (_, path: string, fallback: string | undefined) => {
    const value = text(lookup(variables, path))
    return value === '' ? (fallback ?? '') : value
  })
}

/** The variable paths a template uses (the validator checks their roots). */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string)
}
