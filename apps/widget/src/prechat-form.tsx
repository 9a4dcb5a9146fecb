// The pre-chat form (its own chunk: loaded only when a chatbot's form is due, with the shared schema that the
// chat function checks the answers with again).
import {
  type Answers,
  answersSchema,
  type FormField,
  label,
  localized,
  readForm,
} from '@parley/supabase/leads'
import { useMemo, useState } from 'preact/hooks'
import { ChatApiError, NetworkError } from './chat-api.ts'
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
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [sending, setSending] = useState(false)
  const t = useStrings()

  const submit = async (event: Event) => {
    event.preventDefault()
    if (disabled || sending) return
    const checked = schema.safeParse(values)
    if (!checked.success) {
      const found: Record<string, string> = {}
      for (const issue of checked.error.issues) {
        const key = String(issue.path[0] ?? '')
        found[key] ??= issue.message
      }
      setErrors(found)
      return
    }
    setErrors({})
    setSending(true)
    setFailure(null)
    try {
      await onSubmit(checked.data)
    } catch (error) {
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
          error={errors[field.key]}
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
