// Rules over what is known about a conversation, with operators that fit each field's type, combined in
// AND/OR groups (nested up to three deep). The condition node evaluates them; the builder renders the
// field list and, for each field, only the operators of its type.
import { z } from 'zod'
import type { Facts } from './facts.ts'
import { lookup } from './template.ts'

export type FieldType = 'text' | 'number' | 'choice' | 'attribute'

/** Every field a rule can test, where it is read from and its type. */
export const FIELDS = {
  'message.text': { label: "Visitor's message", type: 'text', path: 'message.text' },
  'message.intent': { label: 'Intent', type: 'choice', path: 'message.intent' },
  'message.language': { label: 'Message language', type: 'choice', path: 'message.language' },
  'session.sentiment': { label: 'Sentiment (-1 to 1)', type: 'number', path: 'session.sentiment' },
  'session.lead_score': { label: 'Lead score (0–100)', type: 'number', path: 'session.lead_score' },
  'session.language': { label: 'Conversation language', type: 'choice', path: 'session.language' },
  'session.status': { label: 'Conversation status', type: 'choice', path: 'session.status' },
  'session.tags': { label: 'Conversation tags', type: 'choice', path: 'session.tags' },
  'session.attribute': { label: 'Conversation attribute', type: 'attribute', path: 'session.attributes' },
  'contact.attribute': { label: 'Contact attribute', type: 'attribute', path: 'contact.attributes' },
  'contact.email': { label: "Contact's e-mail", type: 'text', path: 'contact.email' },
} as const satisfies Record<string, { label: string; type: FieldType; path: string }>

export type Field = keyof typeof FIELDS

const TEXT_OPS = [
  'equals',
  'not_equals',
  'contains',
  'not_contains',
  'starts_with',
  'matches',
  'is_empty',
  'is_not_empty',
] as const
const NUMBER_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'is_empty', 'is_not_empty'] as const
const CHOICE_OPS = ['is', 'is_not', 'in', 'not_in', 'is_empty', 'is_not_empty'] as const

/** The operators of each type; an attribute's type is the rule's `value_type`. */
export const OPERATORS: Record<Exclude<FieldType, 'attribute'> | 'boolean', readonly string[]> = {
  text: TEXT_OPS,
  number: NUMBER_OPS,
  choice: CHOICE_OPS,
  boolean: ['is_true', 'is_false', 'is_empty', 'is_not_empty'],
}

const ALL_OPS = [...new Set(Object.values(OPERATORS).flat())] as [string, ...string[]]
const NO_VALUE = new Set(['is_empty', 'is_not_empty', 'is_true', 'is_false'])

/** How the builder names each operator. */
export const OPERATOR_LABELS: Record<string, string> = {
  equals: 'equals',
  not_equals: 'does not equal',
  contains: 'contains',
  not_contains: 'does not contain',
  starts_with: 'starts with',
  matches: 'matches the pattern',
  eq: '=',
  neq: '≠',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  between: 'between',
  is: 'is',
  is_not: 'is not',
  in: 'is one of',
  not_in: 'is none of',
  is_true: 'is true',
  is_false: 'is false',
  is_empty: 'is empty',
  is_not_empty: 'is not empty',
}

type ValueType = 'text' | 'number' | 'boolean'

/** The type a rule compares: the field's, or for an attribute the rule's `value_type` (text by default). */
export function ruleType(rule: { field: Field; value_type?: ValueType }): keyof typeof OPERATORS {
  const type = FIELDS[rule.field].type
  return type === 'attribute' ? (rule.value_type ?? 'text') : type
}

/** The operators a rule on this field (and attribute type) can use. */
export const operatorsFor = (rule: { field: Field; value_type?: ValueType }) => OPERATORS[ruleType(rule)]

// For the builder's form: the operators of each field, keyed by `field` or `field:value_type`, so the
// operator list narrows to the chosen field's type.
const operatorsByField: Record<string, readonly string[]> = Object.fromEntries(
  (Object.keys(FIELDS) as Field[]).flatMap((field) =>
    FIELDS[field].type === 'attribute'
      ? [
          [field, operatorsFor({ field })],
          ...(['text', 'number', 'boolean'] as const).map((value_type) => [
            `${field}:${value_type}`,
            operatorsFor({ field, value_type }),
          ]),
        ]
      : [[field, operatorsFor({ field })]],
  ),
)

export const Rule = z
  .object({
    field: z.enum(Object.keys(FIELDS) as [Field, ...Field[]]).meta({
      title: 'Field',
      optionLabels: Object.fromEntries(Object.entries(FIELDS).map(([key, f]) => [key, f.label])),
    }),
    /** The attribute's key, for session.attribute and contact.attribute. */
    key: z.string().trim().min(1).max(100).optional(),
    /** How an attribute is compared. */
    value_type: z.enum(['text', 'number', 'boolean']).optional(),
    operator: z.enum(ALL_OPS).meta({
      title: 'Operator',
      optionsBy: { keys: ['field', 'value_type'], options: operatorsByField },
      optionLabels: OPERATOR_LABELS,
    }),
    value: z
      .union([z.string().max(500), z.number(), z.array(z.union([z.string(), z.number()])).max(50)])
      .optional(),
  })
  .superRefine((rule, ctx) => {
    const field = FIELDS[rule.field]
    const type = ruleType(rule)
    if (field.type === 'attribute' && !rule.key)
      ctx.addIssue({
        code: 'custom',
        path: ['key'],
        message: `Name the ${field.label.toLowerCase()} to test.`,
      })
    if (!OPERATORS[type].includes(rule.operator)) {
      ctx.addIssue({
        code: 'custom',
        path: ['operator'],
        message: `"${rule.operator}" does not apply to ${field.label.toLowerCase()} (use ${OPERATORS[type].join(', ')}).`,
      })
      return
    }
    if (NO_VALUE.has(rule.operator)) return
    if (rule.value === undefined || rule.value === '')
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `Give a value to compare ${field.label.toLowerCase()} with.`,
      })
    else if (rule.operator === 'between' && !(Array.isArray(rule.value) && rule.value.length === 2))
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'Between needs two numbers, lowest first.' })
    else if (type === 'number' && rule.operator !== 'between' && Number.isNaN(Number(rule.value)))
      ctx.addIssue({ code: 'custom', path: ['value'], message: `${field.label} is compared with a number.` })
    else if (rule.operator === 'matches') {
      try {
        new RegExp(String(rule.value), 'i')
      } catch {
        ctx.addIssue({
          code: 'custom',
          path: ['value'],
          message: 'That pattern is not a valid regular expression.',
        })
      }
    }
  })
  // The builder's form names the two kinds of item a group holds.
  .meta({ title: 'Rule' })
export type Rule = z.infer<typeof Rule>

export interface Group {
  combinator: 'and' | 'or'
  rules: (Rule | Group)[]
}

const group = (depth: number): z.ZodType<Group> =>
  z
    .object({
      combinator: z.enum(['and', 'or']).default('and'),
      rules: z
        .array(depth > 1 ? z.union([Rule, z.lazy(() => group(depth - 1))]) : Rule)
        .min(1, { error: 'Add at least one rule.' })
        .max(30),
    })
    .meta({ title: 'Group' }) as unknown as z.ZodType<Group>

/** An AND/OR group of rules, nested at most three deep. */
export const Group: z.ZodType<Group> = group(3)

const isGroup = (item: Rule | Group): item is Group => 'combinator' in item

function fieldValue(rule: Rule, facts: Facts): unknown {
  const field = FIELDS[rule.field]
  const base = lookup(facts, field.path)
  return field.type === 'attribute' ? lookup(base, rule.key ?? '') : base
}

const empty = (v: unknown) =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)
const lower = (v: unknown) => String(v ?? '').toLowerCase()
const list = (v: unknown) => (Array.isArray(v) ? v : String(v ?? '').split(',')).map((x) => lower(x).trim())

export function testRule(rule: Rule, facts: Facts): boolean {
  const actual = fieldValue(rule, facts)
  const expected = rule.value
  switch (rule.operator) {
    case 'is_empty':
      return empty(actual)
    case 'is_not_empty':
      return !empty(actual)
    case 'is_true':
      return actual === true || actual === 'true'
    case 'is_false':
      return actual === false || actual === 'false'
  }
  if (empty(actual))
    return (
      rule.operator === 'not_equals' ||
      rule.operator === 'not_contains' ||
      rule.operator === 'is_not' ||
      rule.operator === 'not_in'
    )
  const a = lower(actual)
  const n = Number(actual)
  switch (rule.operator) {
    case 'equals':
      return a === lower(expected)
    case 'not_equals':
      return a !== lower(expected)
    case 'contains':
      return a.includes(lower(expected))
    case 'not_contains':
      return !a.includes(lower(expected))
    case 'starts_with':
      return a.startsWith(lower(expected))
    case 'matches':
      return new RegExp(String(expected), 'i').test(String(actual))
    case 'eq':
      return n === Number(expected)
    case 'neq':
      return n !== Number(expected)
    case 'gt':
      return n > Number(expected)
    case 'gte':
      return n >= Number(expected)
    case 'lt':
      return n < Number(expected)
    case 'lte':
      return n <= Number(expected)
    case 'between': {
      const [low, high] = (expected as number[]).map(Number)
      return n >= (low as number) && n <= (high as number)
    }
    // Choices: an array value (tags) holds the expected one; a scalar equals it.
    case 'is':
    case 'in': {
      const wanted = list(expected)
      return Array.isArray(actual) ? actual.some((x) => wanted.includes(lower(x))) : wanted.includes(a)
    }
    case 'is_not':
    case 'not_in': {
      const wanted = list(expected)
      return Array.isArray(actual) ? !actual.some((x) => wanted.includes(lower(x))) : !wanted.includes(a)
    }
  }
  return false
}

export function testGroup(g: Group, facts: Facts): boolean {
  const results = g.rules.map((item) => (isGroup(item) ? testGroup(item, facts) : testRule(item, facts)))
  return g.combinator === 'and' ? results.every(Boolean) : results.some(Boolean)
}
