// The pre-chat form (its own chunk: loaded only when a chatbot's form is due, with the shared schema that the
// chat function checks the answers with again).
import {
  ANSWER_ERRORS,
  type AnswerError,
  type Answers,
  answerErrors,
  answersSchema,
  type FormField,
  label,
  localized,
  maxLength,
  readForm,
} from '@parley/supabase/leads'
import { useMemo, useState } from 'preact/hooks'
import { ChatApiError, NetworkError } from './chat-api.ts'
import type { Strings } from './i18n/en.ts'
import { errorText } from './i18n/errors.ts'
import { useStrings } from './i18n/strings.tsx'

type Props = {
  form: unknown
  locale: string
  /** the dashboard's preview: shown, but nothing is sent */
  disabled: boolean
  onSubmit: (answers: Answers) => Promise<void>
}

type Values = Record<string, string | boolean>
type Errors = Record<string, AnswerError>

/** Why a field's answer was refused, in the visitor's language. */
function errorWords(error: AnswerError, field: FormField, t: Strings): string {
  const words = t.formErrors
  if (error === 'too_small') return words.too_small(field.min ?? 0)
  if (error === 'too_big') return words.too_big(field.max ?? 0)
  if (error === 'too_long') return words.too_long(maxLength(field))
  return error === 'unknown_field' ? words.invalid : words[error]
}

/** The chat function's 400 invalid_answers: its code per field (anything else is not a refusal of answers). */
function refusedAnswers(error: unknown): Errors | null {
  if (!(error instanceof ChatApiError) || error.code !== 'invalid_answers') return null
  const details = error.details
  if (!details || typeof details !== 'object') return null
  const known = Object.entries(details).filter(([, v]) => (ANSWER_ERRORS as readonly unknown[]).includes(v))
  return known.length ? (Object.fromEntries(known) as Errors) : null
}

const INPUT_TYPES: Partial<Record<FormField['type'], string>> = {
  email: 'email',
  phone: 'tel',
  number: 'number',
}

function Field({
  field,
  locale,
  value,
  error,
  onChange,
}: {
  field: FormField
  locale: string
  value: string | boolean | undefined
  error: string | undefined
  onChange: (value: string | boolean) => void
}) {
  const id = `prechat-${field.key}`
  const text = label(field, locale) + (field.required ? ' *' : '')
  const described = error ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {}
  const message = error ? (
    <span id={`${id}-error`} class="field-error">
      {error}
    </span>
  ) : null
  if (field.type === 'checkbox' || field.type === 'consent') {
    return (
      <div class="prechat-field prechat-check">
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
          {...described}
        />
        <label for={id}>{text}</label>
        {message}
      </div>
    )
  }
  return (
    <div class="prechat-field">
      <label for={id}>{text}</label>
      {field.type === 'select' ? (
        <select
          id={id}
          value={String(value ?? '')}
          onChange={(e) => onChange(e.currentTarget.value)}
          {...described}
        >
          <option value="">—</option>
          {field.options.map((o) => (
            <option key={o.value} value={o.value}>
              {localized(o.label, locale) || o.value}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          // Preact types each input type apart; a union of them is fine at runtime.
          type={(INPUT_TYPES[field.type] ?? 'text') as 'text'}
          inputMode={field.type === 'number' ? 'decimal' : 'text'}
          value={String(value ?? '')}
          onInput={(e) => onChange(e.currentTarget.value)}
          {...described}
        />
      )}
      {message}
    </div>
  )
}

export function PrechatForm({ form: stored, locale, disabled, onSubmit }: Props) {
  const form = useMemo(() => readForm(stored), [stored])
  const schema = useMemo(() => answersSchema(form), [form])
  const [values, setValues] = useState<Values>({})
  const [errors, setErrors] = useState<Errors>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [sending, setSending] = useState(false)
  const t = useStrings()

  const submit = async (event: Event) => {
    event.preventDefault()
    if (disabled || sending) return
    const checked = schema.safeParse(values)
    if (!checked.success) {
      setErrors(answerErrors(checked.error))
      return
    }
    setErrors({})
    setSending(true)
    setFailure(null)
    try {
      await onSubmit(checked.data)
    } catch (error) {
      // The server's check (the form changed since it loaded): its codes, in the visitor's words too.
      const refused = refusedAnswers(error)
      if (refused) {
        setErrors(refused)
        return
      }
      setFailure(
        error instanceof ChatApiError || error instanceof NetworkError
          ? errorText(error, t)
          : t.errors.form_failed,
      )
    } finally {
      setSending(false)
    }
  }

  const intro = localized(form.intro, locale)
  return (
    <form class="prechat" onSubmit={submit} aria-label={t.formTitle} data-testid="prechat-form" noValidate>
      {intro ? <p class="prechat-intro">{intro}</p> : null}
      {form.fields.map((field) => (
        <Field
          key={field.key}
          field={field}
          locale={locale}
          value={values[field.key]}
          error={errors[field.key] && errorWords(errors[field.key] as AnswerError, field, t)}
          onChange={(value) => setValues((v) => ({ ...v, [field.key]: value }))}
        />
      ))}
      {failure ? (
        <p class="field-error" role="alert">
          {failure}
        </p>
      ) : null}
      <button type="submit" class="send-button" disabled={disabled || sending}>
        {sending ? t.sending : t.formSubmit}
      </button>
    </form>
  )
}
