import { Flex, Text } from '@radix-ui/themes'
import type { ReactNode } from 'react'

/** The attributes that tie a control to its label, hint and errors. */
export interface FieldControlProps {
  id: string
  'aria-invalid': true | undefined
  'aria-describedby': string | undefined
  color: 'red' | undefined
}

interface Props {
  id: string
  label: string
  errors?: string[] | undefined
  hint?: string | undefined
  children: (control: FieldControlProps) => ReactNode
}

/** A label, the control, a hint and validation errors, tied together for assistive technology. */
export function Field({ id, label, errors, hint, children }: Props) {
  const errorId = errors?.length ? `${id}-error` : undefined
  const hintId = hint ? `${id}-hint` : undefined
  return (
    <Flex direction="column" gap="1">
      <Text as="label" htmlFor={id} size="2" weight="medium">
        {label}
      </Text>
      {children({
        id,
        'aria-invalid': errorId ? true : undefined,
        'aria-describedby': [errorId, hintId].filter(Boolean).join(' ') || undefined,
        color: errorId ? 'red' : undefined,
      })}
      {hint ? (
        <Text id={hintId} size="1" color="gray">
          {hint}
        </Text>
      ) : null}
      {errorId ? (
        <Text id={errorId} size="1" color="red">
          {errors?.join(' ')}
        </Text>
      ) : null}
    </Flex>
  )
}
