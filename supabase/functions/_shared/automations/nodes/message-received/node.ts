import { z } from 'zod'
import { defineNode, hint, OUT } from '../../define.ts'
import type { AutomationEvent } from '../../events.ts'

const config = z.object({
  keywords: hint(z.array(z.string().trim().min(1).max(100)).max(50).default([]), {
    title: 'Any of these words',
    description: 'Leave empty to react to every message.',
    widget: 'tags',
    order: 1,
  }),
  pattern: hint(
    z
      .string()
      .max(300)
      .default('')
      .refine(
        (p) => {
          try {
            new RegExp(p, 'i')
            return true
          } catch {
            return false
          }
        },
        { error: 'That pattern is not a valid regular expression.' },
      ),
    { title: 'Or matching this pattern', description: 'A regular expression, case-insensitive.', order: 2 },
  ),
  languages: hint(z.array(z.string().trim().min(2).max(10)).max(20).default([]), {
    title: 'In these languages',
    description: 'Language codes such as en or de; empty for any.',
    widget: 'tags',
    order: 3,
  }),
})
type Config = z.infer<typeof config>

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

// Matching runs for every message of a store against every published workflow: compile each
// configuration's expression once.
const compiled = new WeakMap<Config, RegExp | null>()
function expression(c: Config): RegExp | null {
  let re = compiled.get(c)
  if (re === undefined) {
    const parts = [
      ...c.keywords.map((k) => `\\b${escapeRegExp(k)}\\b`),
      ...(c.pattern ? [`(?:${c.pattern})`] : []),
    ]
    re = parts.length ? new RegExp(parts.join('|'), 'iu') : null
    compiled.set(c, re)
  }
  return re
}

export default defineNode({
  id: 'message-received',
  version: 1,
  kind: 'trigger',
  title: 'Message received',
  description: 'When a visitor writes, optionally only with certain words, a pattern or in a language.',
  icon: 'message-square',
  config,
  output: z.object({}),
  ports: () => [OUT],
  events: ['message.received'],
  match(c, event) {
    const { text, language } = (event as AutomationEvent<'message.received'>).payload
    if (c.languages.length && !(language && c.languages.includes(language))) return false
    const re = expression(c)
    return re === null || re.test(text)
  },
})
