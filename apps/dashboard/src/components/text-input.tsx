import { TextField } from '@radix-ui/themes'
import type { ComponentProps } from 'react'
import { Field } from './field.tsx'

type Props = Omit<ComponentProps<typeof TextField.Root>, 'id' | 'name'> & {
  name: string
  label: string
  errors?: string[] | undefined
  hint?: string
}

/** A labelled text input whose validation errors are tied to it for assistive technology. */
export function TextInput({ name, label, errors, hint, ...props }: Props) {
  return (
    <Field id={`field-${name}`} label={label} errors={errors} hint={hint}>
      {(control) => <TextField.Root {...control} name={name} size="3" {...props} />}
    </Field>
  )
}
