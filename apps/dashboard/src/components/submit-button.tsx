'use client'

import { Button } from '@radix-ui/themes'
import type { ComponentProps } from 'react'
import { useFormStatus } from 'react-dom'

type Props = Omit<ComponentProps<typeof Button>, 'type' | 'loading'> & { pendingLabel?: string }

/** A submit button that shows a spinner and refuses double submits while its form's action runs. */
export function SubmitButton({ children, pendingLabel, disabled, ...props }: Props) {
  const { pending } = useFormStatus()
  return (
    <Button type="submit" loading={pending} disabled={disabled || pending} aria-disabled={pending} {...props}>
      {children}
      {pending && pendingLabel ? <span className="visually-hidden">{pendingLabel}</span> : null}
    </Button>
  )
}
