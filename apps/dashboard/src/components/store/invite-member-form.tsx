'use client'

import { Flex, RadioGroup, Text } from '@radix-ui/themes'
import { useActionState } from 'react'
import { inviteMember } from '../../actions/invitations.ts'
import { idle } from '../../lib/action-state.ts'
import { FormMessage } from '../form-message.tsx'
import { SubmitButton } from '../submit-button.tsx'
import { TextInput } from '../text-input.tsx'

export function InviteMemberForm({ storeId }: { storeId: string }) {
  const [state, action] = useActionState(inviteMember, idle)
  const roleError = state.fieldErrors?.role
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
        <fieldset
          style={{ border: 0, margin: 0, padding: 0 }}
          aria-describedby={roleError ? 'role-error' : undefined}
        >
          <Text asChild size="2" weight="medium">
            <legend style={{ padding: 0, marginBottom: 'var(--space-2)' }}>Role</legend>
          </Text>
          <RadioGroup.Root name="role" defaultValue={state.values?.role || 'agent'} key={state.values?.role}>
            <RadioGroup.Item value="agent">Agent: answers conversations, read-only settings</RadioGroup.Item>
            <RadioGroup.Item value="admin">Admin: manages chatbots, members and invitations</RadioGroup.Item>
          </RadioGroup.Root>
          {roleError ? (
            <Text id="role-error" size="1" color="red">
              {roleError.join(' ')}
            </Text>
          ) : null}
        </fieldset>
        <FormMessage state={state} />
        <Flex>
          <SubmitButton size="3">Send invitation</SubmitButton>
        </Flex>
      </Flex>
    </form>
  )
}
