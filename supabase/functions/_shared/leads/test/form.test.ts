import { describe, expect, it } from 'vitest'
import { answerErrors, answersSchema, formIsDue, label, PrechatForm, readForm } from '../form.ts'

const form = PrechatForm.parse({
  show: 'new_visitors',
  fields: [
    { key: 'name', type: 'text', label: { en: 'Your name', de: 'Ihr Name' }, required: true },
    { key: 'email', type: 'email', label: 'E-mail', required: true },
    { key: 'phone', type: 'phone', label: 'Phone' },
    { key: 'income', type: 'number', label: 'Monthly income', min: 0, max: 1000000 },
    {
      key: 'loan_type',
      type: 'select',
      label: 'Loan',
      options: [
        { value: 'new_purchase', label: 'New purchase' },
        { value: 'refinancing', label: 'Refinancing' },
      ],
    },
    { key: 'newsletter', type: 'checkbox', label: 'Newsletter' },
    { key: 'consent', type: 'consent', label: 'I agree', required: true },
  ],
})

describe('label', () => {
  it('finds the language, its base language, then English', () => {
    const [name, email] = form.fields
    if (!name || !email) throw new Error('the form has its fields')
    expect(label(name, 'de')).toBe('Ihr Name')
    expect(label(name, 'de-AT')).toBe('Ihr Name')
    expect(label(name, 'fr')).toBe('Your name')
    expect(label(email, 'de')).toBe('E-mail')
  })
})

describe('answersSchema', () => {
  const schema = answersSchema(form)
  const valid = {
    name: ' Ana ',
    email: 'ana@example.com',
    income: '8500',
    loan_type: 'refinancing',
    consent: true,
  }

  it('accepts good answers, trimmed and typed, and drops empty optional ones', () => {
    expect(schema.parse({ ...valid, phone: '' })).toEqual({
      name: 'Ana',
      email: 'ana@example.com',
      income: 8500,
      loan_type: 'refinancing',
      newsletter: false,
      consent: true,
    })
  })

  it('refuses what breaks a rule, with a message per field', () => {
    const result = schema.safeParse({
      name: '',
      email: 'nope',
      phone: 'call me',
      income: -1,
      loan_type: 'other',
      consent: false,
    })
    expect(result.success).toBe(false)
    const fields = Object.keys(result.error?.flatten().fieldErrors ?? {})
    expect(fields.sort()).toEqual(['consent', 'email', 'income', 'loan_type', 'name', 'phone'])
  })

  it('says why with one stable code per field, which the widget words in the visitor language', () => {
    const refused = (answers: Record<string, unknown>) => {
      const result = schema.safeParse(answers)
      if (result.success) throw new Error('expected a refusal')
      return answerErrors(result.error)
    }
    expect(
      refused({ name: '', email: 'nope', phone: 'call me', income: -1, loan_type: 'other', consent: false }),
    ).toEqual({
      name: 'required',
      email: 'invalid_email',
      phone: 'invalid_phone',
      income: 'too_small',
      loan_type: 'invalid_option',
      consent: 'consent_needed',
    })
    expect(refused({ ...valid, name: 'x'.repeat(1001), income: 'lots', admin: true })).toEqual({
      name: 'too_long',
      income: 'not_a_number',
      admin: 'unknown_field',
    })
    expect(refused({ consent: true })).toEqual({ name: 'required', email: 'required' })
    const budget = answersSchema(
      PrechatForm.parse({ fields: [{ key: 'budget', type: 'number', label: 'Budget', required: true }] }),
    )
    for (const empty of [{}, { budget: '' }, { budget: ' ' }]) {
      const result = budget.safeParse(empty)
      expect(result.success, JSON.stringify(empty)).toBe(false)
      if (!result.success) expect(answerErrors(result.error)).toEqual({ budget: 'required' })
    }
    expect(budget.parse({ budget: '0' })).toEqual({ budget: 0 })
    expect(refused({ ...valid, income: 2000000, newsletter: 'yes' })).toEqual({
      income: 'too_big',
      newsletter: 'invalid',
    })
  })

  it('refuses fields the form does not have and missing required ones', () => {
    expect(schema.safeParse({ ...valid, admin: true }).success).toBe(false)
    expect(schema.safeParse({ name: 'Ana', consent: true }).success).toBe(false)
  })
})

describe('readForm and formIsDue', () => {
  it('reads the first stored shape ({ enabled, fields: [{ name, label }] })', () => {
    const old = readForm({
      enabled: true,
      fields: [{ name: 'email', label: 'E-mail', type: 'email', required: true }],
    })
    expect(old.show).toBe('always')
    expect(old.fields[0]).toMatchObject({ key: 'email', label: { en: 'E-mail' }, required: true })
  })

  it('shows the form as configured', () => {
    expect(formIsDue(form, { returning: false })).toBe(true)
    expect(formIsDue(form, { returning: true })).toBe(false)
    expect(formIsDue({ ...form, show: 'always' }, { returning: true })).toBe(true)
    expect(formIsDue({ ...form, show: 'never' }, { returning: false })).toBe(false)
    expect(formIsDue(readForm('garbage'), { returning: false })).toBe(false)
  })
})
