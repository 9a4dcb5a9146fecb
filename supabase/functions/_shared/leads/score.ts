// The lead score: 0..100 from the rules a store sets on its chatbot (chatbots.lead_scoring), recomputed
// from everything known about the conversation each time (never added up line by line, so a rule edited
// today scores the next line as if it had always been so). Each rule that holds is a reason an admin or
// agent can read.
import { z } from 'zod'
import { type Answer, localized } from './form.ts'
import { LEAD_INTENTS, type LeadIntent } from './intents.ts'

export const RULE_SOURCES = ['answer', 'attribute', 'intent', 'engagement'] as const
export const RULE_OPS = ['present', 'equals', 'at_least', 'at_most', 'contains'] as const

export const LeadRule = z.object({
  /** answer: a pre-chat form field; attribute: a contact attribute (order_count, order_value, ...); intent:
   *  a lead intent seen in the conversation; engagement: the visitor's line count. */
  source: z.enum(RULE_SOURCES),
  key: z.string().max(60).default(''),
  op: z.enum(RULE_OPS).default('present'),
  value: z.union([z.string().max(200), z.number().finite(), z.boolean()]).optional(),
  points: z.number().int().min(-100).max(100),
  /** What the admin and the agent read; a default is written from the rule. */
  reason: z.string().max(120).optional(),
})
export type LeadRule = z.infer<typeof LeadRule>

export const Tier = z.object({
  /** The lowest score of the tier. */
  min: z.number().int().min(0).max(100),
  name: z.string().min(1).max(60),
  /** How the bot speaks to this tier (given to the model with the persona). */
  tone: z.string().max(500).default(''),
  /** The bot's first message after the form, per language; {{field}} is a form answer, {{score}} the score. */
  opening: z.record(z.string().min(2).max(16), z.string().max(2000)).default({}),
})
export type Tier = z.infer<typeof Tier>

export const LeadScoring = z.object({
  base: z.number().int().min(0).max(100).default(10),
  rules: z.array(LeadRule).max(50).default([]),
  tiers: z.array(Tier).max(10).default([]),
})
export type LeadScoring = z.infer<typeof LeadScoring>

/** Until a store writes its own: buying signals count, a way to reach the visitor counts, complaints cost. */
export const DEFAULT_RULES: LeadRule[] = [
  { source: 'intent', key: 'purchase', op: 'present', points: 15, reason: 'Wants to buy' },
  { source: 'intent', key: 'bulk_order', op: 'present', points: 25, reason: 'Bulk or business order' },
  { source: 'intent', key: 'demo_request', op: 'present', points: 20, reason: 'Asked for a call or demo' },
  { source: 'intent', key: 'pricing', op: 'present', points: 8, reason: 'Asked about prices' },
  { source: 'intent', key: 'complaint', op: 'present', points: -5, reason: 'Complained' },
  { source: 'attribute', key: 'email', op: 'present', points: 20, reason: 'Left an e-mail address' },
  {
    source: 'engagement',
    key: 'messages',
    op: 'at_least',
    value: 3,
    points: 5,
    reason: 'Engaged (3+ messages)',
  },
]

/** Default persona tiers (>= 75, 45-74, < 45): the store renames them and writes their openings. */
export const DEFAULT_TIERS: Tier[] = [
  { min: 75, name: 'Priority', tone: 'Confident and fast: propose the next step.', opening: {} },
  { min: 45, name: 'Advisor', tone: 'Helpful and explanatory.', opening: {} },
  { min: 0, name: 'Guide', tone: 'Patient and low-pressure.', opening: {} },
]

export function readScoring(stored: unknown): LeadScoring {
  const parsed = LeadScoring.safeParse(stored ?? {})
  const scoring = parsed.success ? parsed.data : LeadScoring.parse({})
  return {
    ...scoring,
    rules: scoring.rules.length ? scoring.rules : DEFAULT_RULES,
    tiers: scoring.tiers.length ? scoring.tiers : DEFAULT_TIERS,
  }
}

/** Everything known about the conversation that rules can look at. */
export interface LeadFacts {
  /** The contact's attributes, form answers included (they are stored as attributes). */
  attributes: Record<string, unknown>
  /** The form's answers (a subset of the attributes; `answer` rules look only here). */
  answers: Record<string, Answer>
  intents: LeadIntent[]
  customerMessages: number
}

export interface Reason {
  reason: string
  points: number
}

export interface LeadResult {
  score: number
  reasons: Reason[]
}

function subject(rule: LeadRule, facts: LeadFacts): unknown {
  switch (rule.source) {
    case 'answer':
      return facts.answers[rule.key]
    case 'attribute':
      return facts.attributes[rule.key]
    case 'intent':
      return (LEAD_INTENTS as readonly string[]).includes(rule.key) &&
        facts.intents.includes(rule.key as LeadIntent)
        ? true
        : undefined
    case 'engagement':
      return facts.customerMessages
  }
}

function holds(rule: LeadRule, value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false) return false
  const number = typeof value === 'number' ? value : Number(value)
  switch (rule.op) {
    case 'present':
      return true
    case 'equals':
      return String(value).toLowerCase() === String(rule.value ?? '').toLowerCase()
    case 'at_least':
      return Number.isFinite(number) && number >= Number(rule.value)
    case 'at_most':
      return Number.isFinite(number) && number <= Number(rule.value)
    case 'contains':
      return String(value)
        .toLowerCase()
        .includes(String(rule.value ?? '').toLowerCase())
  }
}

export function describeRule(rule: LeadRule): string {
  if (rule.reason) return rule.reason
  const what = rule.source === 'engagement' ? 'messages' : `${rule.source} ${rule.key}`
  const op = { present: 'given', equals: '=', at_least: '≥', at_most: '≤', contains: 'contains' }[rule.op]
  return rule.op === 'present' ? `${what} ${op}` : `${what} ${op} ${rule.value}`
}

/** The score (0..100) and why: `base` plus the points of every rule that holds. */
export function scoreLead(scoring: Pick<LeadScoring, 'base' | 'rules'>, facts: LeadFacts): LeadResult {
  const reasons: Reason[] = []
  for (const rule of scoring.rules) {
    if (holds(rule, subject(rule, facts))) reasons.push({ reason: describeRule(rule), points: rule.points })
  }
  const total = reasons.reduce((sum, r) => sum + r.points, scoring.base)
  return { score: Math.max(0, Math.min(100, Math.round(total))), reasons }
}

/** The tier for a score: the one with the highest `min` at or below it (the lowest tier if none is). */
export function chooseTier(tiers: Tier[], score: number): Tier | null {
  const sorted = [...tiers].sort((a, b) => b.min - a.min)
  return sorted.find((t) => score >= t.min) ?? sorted.at(-1) ?? null
}

/** A tier's opening in the visitor's language, `{{key}}` filled from the answers (unknown keys left empty). */
export function openingMessage(tier: Tier, locale: string, vars: Record<string, Answer>): string | null {
  const template = localized(tier.opening, locale)
  if (!template.trim()) return null
  return template
    .replace(/\{\{\s*([a-z0-9_]+)\s*\}\}/gi, (_, key: string) => {
      const value = vars[key]
      return value === undefined || typeof value === 'boolean' ? '' : String(value)
    })
    .trim()
}
