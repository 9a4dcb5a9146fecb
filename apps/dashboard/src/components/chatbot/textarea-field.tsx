import { Flex, Text, TextArea } from '@radix-ui/themes'
import type { ComponentProps } from 'react'

type Props = Omit<ComponentProps<typeof TextArea>, 'id' | 'name'> & {
  name: string
  label: string
  idPrefix: string
  errors?: string[] | undefined
  hint?: string
}

/** A labelled textarea whose errors and hint are tied to it for assistive technology. */
export function TextAreaField({ name, label, idPrefix, errors, hint, ...props }: Props) {
  const id = `${idPrefix}-${name}`
  const errorId = errors?.length ? `${id}-error` : undefined
  const hintId = hint ? `${id}-hint` : undefined
  return (
    <Flex direction="column" gap="1">
      <Text as="label" htmlFor={id} size="2" weight="medium">
        {label}
      </Text>
      <TextArea
        id={id}
        name={name}
        size="2"
        aria-invalid={errorId ? true : undefined}
        aria-describedby={[errorId, hintId].filter(Boolean).join(' ') || undefined}
        color={errorId ? 'red' : undefined}
        {...props}
      />
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
