// The pre-chat form a chatbot shows before the chat: its configuration (stored in chatbots.prechat_form), the
// label of a field in the visitor's language, and the ONE zod schema of the answers that the widget checks
// before sending and the chat function checks again on arrival.
import { z } from 'zod'

export const FIELD_TYPES = ['text', 'email', 'phone', 'number', 'select', 'checkbox', 'consent'] as const
export type FieldType = (typeof FIELD_TYPES)[number]

export const SHOW_WHEN = ['always', 'new_visitors', 'never'] as const
export type ShowWhen = (typeof SHOW_WHEN)[number]

/** Language -> text; `en` is the fallback. An older form stored a plain string: that is its English. */
const Labels = z.union([
  z.string().transform((en) => ({ en })),
  z.record(z.string().min(2).max(16), z.string().max(500)),
])
export type Labels = Record<string, string>

/** Contact attribute keys: what the answers are stored under (and synced to Chatwoot as). */
const FieldKey = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and _ (at most 40)')

export const FormField = z.object({
  key: FieldKey,
  type: z.enum(FIELD_TYPES).default('text'),
  label: Labels,
  required: z.boolean().default(false),
  /** select: the choices (value stored, label shown). */
  options: z
    .array(z.object({ value: z.string().min(1).max(100), label: Labels }))
    .max(50)
    .default([]),
  /** number: the allowed range. */
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
})
export type FormField = z.infer<typeof FormField>

export const PrechatForm = z.object({
  show: z.enum(SHOW_WHEN).default('never'),
  /** true: the visitor writes only after sending it; false: it is offered above the chat, which stays open. */
  blocking: z.boolean().default(true),
  /** Shown above the fields. */
  intro: Labels.default({}),
  fields: z.array(FormField).max(20).default([]),
})
export type PrechatForm = z.infer<typeof PrechatForm>

/**
 * The stored configuration as a form, whatever its age: the first shape was `{ enabled, fields: [{ name,
 * label: string }] }`. A configuration that cannot be read is a form never shown (the chat still works).
 */
export function readForm(stored: unknown): PrechatForm {
  const raw = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>
  const fields = Array.isArray(raw.fields)
    ? raw.fields.map((f) =>
        f && typeof f === 'object' && !('key' in f) && 'name' in f ? { ...f, key: f.name } : f,
      )
    : []
  const show = raw.show ?? (raw.enabled === true ? 'always' : undefined)
  const parsed = PrechatForm.safeParse({ ...raw, show, fields })
  return parsed.success ? parsed.data : PrechatForm.parse({})
}

/** The text for `locale` (`de-AT` finds `de`), else English, else any. */
export function localized(labels: Labels, locale: string): string {
  const lang = locale.toLowerCase()
  return labels[lang] ?? labels[lang.split(/[-_]/)[0] ?? ''] ?? labels.en ?? Object.values(labels)[0] ?? ''
}

/** A field's label in the visitor's language (English when the store wrote none in it). */
export function label(field: Pick<FormField, 'key' | 'label'>, locale: string): string {
  return localized(field.label, locale) || field.key
}

/** Whether the form comes before this visitor's chat. */
export function formIsDue(form: PrechatForm, visitor: { returning: boolean }): boolean {
  if (form.fields.length === 0) return false
  return form.show === 'always' || (form.show === 'new_visitors' && !visitor.returning)
}

export type Answer = string | number | boolean
export type Answers = Record<string, Answer>

const PHONE = /^\+?[0-9 ()./-]{6,24}$/

/**
 * Why an answer was refused: one stable code per field, the zod message of every rule below. The widget words
 * each in the visitor's language (with the field's min and max); the chat function answers 400 with them.
 */
export const ANSWER_ERRORS = [
  'required',
  'invalid_email',
  'invalid_phone',
  'not_a_number',
  'too_small',
  'too_big',
  'too_long',
  'invalid_option',
  'must_tick',
  'consent_needed',
  'unknown_field',
  'invalid',
] as const
export type AnswerError = (typeof ANSWER_ERRORS)[number]
const code = (error: AnswerError) => error
const TEXT_MAX = 1000
const EMAIL_MAX = 320

/** The longest answer a field takes (what `too_long` refers to). */
export const maxLength = (field: Pick<FormField, 'type'>) => (field.type === 'email' ? EMAIL_MAX : TEXT_MAX)

function fieldSchema(field: FormField): z.ZodType<Answer | undefined> {
  const optional = <T extends z.ZodType>(schema: T) =>
    field.required ? schema : z.union([schema, z.literal('').transform(() => undefined)]).optional()
  // A missing or mistyped answer (undefined, a number for a text) reads as missing.
  const text = z.string(code('required')).trim()
  switch (field.type) {
    case 'email':
      return optional(
        text
          .min(1, code('required'))
          .max(EMAIL_MAX, code('too_long'))
          .pipe(z.email(code('invalid_email'))),
      )
    case 'phone':
      return optional(text.min(1, code('required')).regex(PHONE, code('invalid_phone')))
    case 'number': {
      // Coercing '' would give 0: an empty answer is a missing one.
      const given = z.union([z.number(code('required')), text.min(1, code('required'))])
      let n = z.coerce
        .number<string | number>(code('not_a_number'))
        .refine(Number.isFinite, code('not_a_number'))
      if (field.min !== undefined) n = n.refine((v) => v >= (field.min as number), code('too_small'))
      if (field.max !== undefined) n = n.refine((v) => v <= (field.max as number), code('too_big'))
      return optional(given.pipe(n))
    }
    case 'select': {
      const values = field.options.map((o) => o.value)
      return optional(
        z
          .string(code('required'))
          .min(1, code('required'))
          .refine((v) => values.includes(v), code('invalid_option')),
      )
    }
    case 'checkbox':
      return field.required ? z.literal(true, code('must_tick')) : z.boolean().default(false)
    case 'consent':
      // Consent is only ever given: a required one must be ticked, an optional one may be left unticked.
      return field.required ? z.literal(true, code('consent_needed')) : z.boolean().default(false)
    default: {
      const capped = text.max(TEXT_MAX, code('too_long'))
      return field.required ? capped.min(1, code('required')) : optional(capped)
    }
  }
}

const isAnswerError = (message: string): message is AnswerError =>
  (ANSWER_ERRORS as readonly string[]).includes(message)

/** An issue's code; an optional field's answer fails as a union (it or ''): the code is the rule's inside. */
function reasonOf(issue: z.core.$ZodIssue): AnswerError {
  if (issue.code === 'unrecognized_keys') return 'unknown_field'
  if (isAnswerError(issue.message)) return issue.message
  if (issue.code === 'invalid_union') {
    for (const inner of issue.errors.flat()) {
      const reason = reasonOf(inner)
      if (reason !== 'invalid') return reason
    }
  }
  return 'invalid'
}

/** The first refusal of each field, as its code (a field the form does not have: `unknown_field`). */
export function answerErrors(error: z.ZodError): Record<string, AnswerError> {
  const found: Record<string, AnswerError> = {}
  for (const issue of error.issues) {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [String(issue.path[0] ?? '')]
    for (const key of keys) found[key] ??= reasonOf(issue)
  }
  return found
}

/**
 * The answers a form accepts: exactly its fields (unknown keys refused), each checked by its type. The widget
 * shows its words for `answerErrors` next to the fields; the chat function answers 400 with those codes.
 */
export function answersSchema(form: PrechatForm) {
  const shape: Record<string, z.ZodType<Answer | undefined>> = {}
  for (const field of form.fields) shape[field.key] = fieldSchema(field)
  return z
    .strictObject(shape)
    .transform(
      (answers) =>
        Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== undefined && v !== '')) as Answers,
    )
}
