'use client'

import { Flex } from '@radix-ui/themes'
import { useActionState } from 'react'
import { inviteMember } from '../../actions/invitations.ts'
import { idle } from '../../lib/action-state.ts'
import { FormMessage } from '../form-message.tsx'
import { SubmitButton } from '../submit-button.tsx'
import { TextInput } from '../text-input.tsx'
import { RoleChoice } from './role-choice.tsx'

export function InviteMemberForm({ storeId }: { storeId: string }) {
  const [state, action] = useActionState(inviteMember, idle)
  return (
    <form action={action} noValidate aria-label="Invite a member">
      <Flex direction="column" gap="4">
        <input type="hidden" name="storeId" value={storeId} />
        <TextInput
          name="email"
          label="Email address"
          type="email"
          autoComplete="off"
          placeholder="teammate@example.com"
          required
          defaultValue={state.values?.email}
          errors={state.fieldErrors?.email}
        />
        <RoleChoice
          key={state.values?.role}
          defaultValue={state.values?.role === 'admin' ? 'admin' : 'agent'}
          errors={state.fieldErrors?.role}
        />
        <FormMessage state={state} />
        <Flex>
          <SubmitButton size="3">Send invitation</SubmitButton>
        </Flex>
      </Flex>
    </form>
  )
}
