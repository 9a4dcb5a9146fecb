'use client'

import { Flex } from '@radix-ui/themes'
import { useActionState } from 'react'
import { acceptInvitation } from '../../actions/invitations.ts'
import { idle } from '../../lib/action-state.ts'
import { FormMessage } from '../form-message.tsx'
import { SubmitButton } from '../submit-button.tsx'

/** Accepts the invitation behind `token` as the signed-in user, then opens the store. */
export function AcceptInvitationButton({ token, storeName }: { token: string; storeName?: string | null }) {
  const [state, action] = useActionState(acceptInvitation, idle)
  return (
    <form action={action}>
      <Flex direction="column" gap="2" align="start">
        <input type="hidden" name="token" value={token} />
        <SubmitButton aria-label={storeName ? `Accept invitation to ${storeName}` : 'Accept invitation'}>
          Accept
        </SubmitButton>
        <FormMessage state={state} />
      </Flex>
    </form>
  )
}
