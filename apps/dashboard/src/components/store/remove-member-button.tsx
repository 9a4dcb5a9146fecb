'use client'

import { AlertDialog, Button, Flex } from '@radix-ui/themes'
import { useActionState, useEffect, useState } from 'react'
import { removeMember } from '../../actions/members.ts'
import { idle } from '../../lib/action-state.ts'
import { FormMessage } from '../form-message.tsx'
import { SubmitButton } from '../submit-button.tsx'

/** Removing someone is not undoable from here, so it asks first. */
export function RemoveMemberButton({
  storeId,
  userId,
  name,
}: {
  storeId: string
  userId: string
  name: string
}) {
  const [open, setOpen] = useState(false)
  const [state, action] = useActionState(removeMember, idle)
  useEffect(() => {
    if (state.status === 'success') setOpen(false)
  }, [state])
  return (
    <AlertDialog.Root open={open} onOpenChange={setOpen}>
      <AlertDialog.Trigger>
        <Button variant="soft" color="red" size="1" aria-label={`Remove ${name}`}>
          Remove
        </Button>
      </AlertDialog.Trigger>
      <AlertDialog.Content maxWidth="420px">
        <AlertDialog.Title>Remove {name}?</AlertDialog.Title>
        <AlertDialog.Description size="2">
          They lose access to this store right away. You can invite them again later.
        </AlertDialog.Description>
        <form action={action}>
          <input type="hidden" name="storeId" value={storeId} />
          <input type="hidden" name="userId" value={userId} />
          <Flex direction="column" gap="3" mt="4">
            <FormMessage state={state.status === 'error' ? state : idle} />
            <Flex gap="3" justify="end">
              <AlertDialog.Cancel>
                <Button variant="soft" color="gray" type="button">
                  Cancel
                </Button>
              </AlertDialog.Cancel>
              <SubmitButton color="red">Remove member</SubmitButton>
            </Flex>
          </Flex>
        </form>
      </AlertDialog.Content>
    </AlertDialog.Root>
  )
}
