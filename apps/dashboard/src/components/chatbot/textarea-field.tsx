import { TextArea } from '@radix-ui/themes'
import type { ComponentProps } from 'react'
import { Field } from '../field.tsx'

type Props = Omit<ComponentProps<typeof TextArea>, 'id' | 'name'> & {
  name: string
  label: string
  idPrefix: string
  errors?: string[] | undefined
  hint?: string
}

/** A labelled textarea whose errors and hint are tied to it for assistive technology. */
export function TextAreaField({ name, label, idPrefix, errors, hint, ...props }: Props) {
  return (
    <Field id={`${idPrefix}-${name}`} label={label} errors={errors} hint={hint}>
      {(control) => <TextArea {...control} name={name} size="2" {...props} />}
    </Field>
  )
}
