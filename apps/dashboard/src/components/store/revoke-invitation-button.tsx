'use client'

import { Flex } from '@radix-ui/themes'
import { useActionState } from 'react'
import { revokeInvitation } from '../../actions/invitations.ts'
import { idle } from '../../lib/action-state.ts'
import { FormMessage } from '../form-message.tsx'
import { SubmitButton } from '../submit-button.tsx'

export function RevokeInvitationButton({
  storeId,
  invitationId,
  email,
}: {
  storeId: string
  invitationId: string
  email: string
}) {
  const [state, action] = useActionState(revokeInvitation, idle)
  return (
    <form action={action}>
      <input type="hidden" name="storeId" value={storeId} />
      <input type="hidden" name="invitationId" value={invitationId} />
      <Flex direction="column" gap="2" align="end">
        <SubmitButton variant="soft" color="red" size="1" aria-label={`Revoke invitation for ${email}`}>
          Revoke
        </SubmitButton>
        {state.status === 'error' ? <FormMessage state={state} /> : null}
      </Flex>
    </form>
  )
}
