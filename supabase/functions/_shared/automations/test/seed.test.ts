// The demo store's published automations (supabase/seed.sql) carry their compiled machines as JSON: they
// must be what the compiler makes of their graphs today, or the seeded runs would run something else.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { compileGraph } from '../compile.ts'

const seed = readFileSync(new URL('../../../../seed.sql', import.meta.url), 'utf8')
const block = (tag: string) => {
  const match = new RegExp(`\\$${tag}\\$(.*?)\\$${tag}\\$`, 's').exec(seed)
  if (!match) throw new Error(`seed.sql has no $${tag}$ block`)
  return JSON.parse(match[1] as string)
}

describe('the seeded automations', () => {
  it.each(['escalation', 'nudge', 'team_slack'])('%s: the compiled machine is the compiler’s own', (name) => {
    expect(block(`${name}_compiled`)).toEqual(compileGraph(block(`${name}_graph`)))
  })
})
