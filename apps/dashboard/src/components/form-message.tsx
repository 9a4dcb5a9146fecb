import { CheckCircledIcon, ExclamationTriangleIcon } from '@radix-ui/react-icons'
import { Callout } from '@radix-ui/themes'
import type { ActionState } from '../lib/action-state.ts'

/** The outcome of a form submit, announced to screen readers as it appears. */
export function FormMessage({ state }: { state: ActionState }) {
  if (state.status === 'idle' || !state.message) return null
  const isError = state.status === 'error'
  return (
    <Callout.Root color={isError ? 'red' : 'green'} role={isError ? 'alert' : 'status'} size="1">
      <Callout.Icon>{isError ? <ExclamationTriangleIcon /> : <CheckCircledIcon />}</Callout.Icon>
      <Callout.Text>{state.message}</Callout.Text>
    </Callout.Root>
  )
}
