'use client'

import { Flex } from '@radix-ui/themes'
import { useActionState, useState } from 'react'
import { signIn } from '../../actions/auth.ts'
import { idle } from '../../lib/action-state.ts'
import { FormMessage } from '../form-message.tsx'
import { SubmitButton } from '../submit-button.tsx'
import { TextInput } from '../text-input.tsx'

export function SignInForm({ next }: { next?: string | undefined }) {
  // Controlled, so a refused attempt (a limit, a typo elsewhere) keeps it: React resets only uncontrolled
  // fields after an action, and the server never sends a password back.
  const [password, setPassword] = useState('')
  const [state, action] = useActionState(signIn, idle)
  return (
    <form action={action} noValidate>
      <Flex direction="column" gap="4">
        <FormMessage state={state} />
        <input type="hidden" name="next" value={next ?? ''} />
        <TextInput
          name="email"
          label="Email"
          type="email"
          autoComplete="email"
          required
          defaultValue={state.values?.email}
          errors={state.fieldErrors?.email}
        />
        <TextInput
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          errors={state.fieldErrors?.password}
        />
        <SubmitButton size="3">Sign in</SubmitButton>
      </Flex>
    </form>
  )
}
