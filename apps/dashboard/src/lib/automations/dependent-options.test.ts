import { operatorsFor } from '@parley/supabase/automations'
import { describe, expect, it } from 'vitest'
import { optionLabel, optionsOf, reconcileOptions } from './dependent-options.ts'
import { descriptions, type JsonSchema } from './node-types.ts'

/** The condition step's rule, as its form gets it (JSON Schema from the node type's zod config). */
function ruleSchema(): JsonSchema {
  const find = (s: JsonSchema | undefined): JsonSchema | undefined => {
    if (!s || typeof s !== 'object') return undefined
    if (s.properties?.operator) return s
    for (const child of [
      ...Object.values(s.properties ?? {}),
      ...(s.anyOf ?? []),
      ...(s.items ? [s.items] : []),
      ...Object.values((s.$defs ?? {}) as Record<string, JsonSchema>),
    ]) {
      const found = find(child)
      if (found) return found
    }
    return undefined
  }
  const rule = find(descriptions.get('condition')?.configSchema as JsonSchema)
  if (!rule) throw new Error('the condition step has no rule with an operator')
  return rule
}

describe('a rule’s operators follow its field’s type', () => {
  const rule = ruleSchema()
  const operator = rule.properties?.operator as JsonSchema
  const offered = (siblings: Record<string, unknown>) => optionsOf(operator, siblings)

  it('text: equals, contains, matches and their kin; never a comparison', () => {
    expect(offered({ field: 'message.text' })).toEqual(
      expect.arrayContaining(['equals', 'contains', 'matches']),
    )
    expect(offered({ field: 'message.text' })).not.toContain('gt')
    expect(offered({ field: 'contact.email' })).toEqual(offered({ field: 'message.text' }))
  })

  it('number: =, >, ≥, <, ≤; never text matching', () => {
    const ops = offered({ field: 'session.lead_score' })
    expect(ops).toEqual(expect.arrayContaining(['eq', 'gt', 'gte', 'lt', 'lte']))
    expect(ops).not.toContain('contains')
    expect(['eq', 'gt', 'gte', 'lt', 'lte'].map((o) => optionLabel(operator, o))).toEqual([
      '=',
      '>',
      '≥',
      '<',
      '≤',
    ])
  })

  it('choice: is / is not (and lists of them)', () => {
    const ops = offered({ field: 'session.status' })
    expect(ops).toEqual(expect.arrayContaining(['is', 'is_not']))
    expect(ops).not.toContain('equals')
    expect(optionLabel(operator, 'is_not')).toBe('is not')
  })

  it('attributes by the rule’s value type: text by default, number, boolean', () => {
    expect(offered({ field: 'contact.attribute' })).toEqual(offered({ field: 'message.text' }))
    expect(offered({ field: 'contact.attribute', value_type: 'number' })).toEqual(
      offered({ field: 'session.sentiment' }),
    )
    expect(offered({ field: 'session.attribute', value_type: 'boolean' })).toEqual([
      'is_true',
      'is_false',
      'is_empty',
      'is_not_empty',
    ])
  })

  it('offers exactly what the validator accepts', () => {
    for (const field of ['message.text', 'session.lead_score', 'message.intent'] as const)
      expect(offered({ field })).toEqual([...operatorsFor({ field })])
  })

  it('changing the field moves an operator it no longer has to the first it has; a valid one stays', () => {
    const text = { field: 'message.text', operator: 'contains', value: 'refund' }
    expect(reconcileOptions(rule, { ...text, field: 'session.lead_score' }, 'field')).toMatchObject({
      field: 'session.lead_score',
      operator: 'eq',
    })
    expect(reconcileOptions(rule, { ...text, field: 'contact.email' }, 'field')).toEqual({
      ...text,
      field: 'contact.email',
    })
    const attribute = { field: 'contact.attribute', key: 'vip', operator: 'equals' }
    expect(reconcileOptions(rule, { ...attribute, value_type: 'boolean' }, 'value_type')).toMatchObject({
      operator: 'is_true',
    })
  })

  it('the field list reads as words', () => {
    expect(optionLabel(rule.properties?.field as JsonSchema, 'session.lead_score')).toBe('Lead score (0–100)')
  })
})
