'use client'

import { DownloadIcon, TrashIcon } from '@radix-ui/react-icons'
import { AlertDialog, Button, Flex } from '@radix-ui/themes'
import { useActionState, useEffect, useState } from 'react'
import { eraseContact } from '../../actions/privacy.ts'
import { idle } from '../../lib/action-state.ts'
import { FormMessage } from '../form-message.tsx'
import { SubmitButton } from '../submit-button.tsx'

type Props = { storeId: string; contactId: string; name: string; onErased: () => void }

/** An owner's answers to a data request about this contact: export it, or erase it after a confirmation. */
export function ContactPrivacy({ storeId, contactId, name, onErased }: Props) {
  const [open, setOpen] = useState(false)
  const [state, action] = useActionState(eraseContact, idle)
  useEffect(() => {
    if (state.status === 'success') {
      setOpen(false)
      onErased()
    }
  }, [state, onErased])
  return (
    <Flex gap="2" align="center">
      <Button size="1" variant="soft" color="gray" asChild>
        <a href={`/stores/${storeId}/contacts/${contactId}/export`} download>
          <DownloadIcon /> Export data
        </a>
      </Button>
      <AlertDialog.Root open={open} onOpenChange={setOpen}>
        <AlertDialog.Trigger>
          <Button size="1" variant="soft" color="red">
            <TrashIcon /> Erase contact
          </Button>
        </AlertDialog.Trigger>
        <AlertDialog.Content maxWidth="460px">
          <AlertDialog.Title>Erase {name}?</AlertDialog.Title>
          <AlertDialog.Description size="2">
            Their conversations, messages and files are deleted from Parley, and the contact from Chatwoot and
            connected CRMs. This cannot be undone.
          </AlertDialog.Description>
          <form action={action}>
            <input type="hidden" name="storeId" value={storeId} />
            <input type="hidden" name="contactId" value={contactId} />
            <Flex direction="column" gap="3" mt="4">
              <FormMessage state={state.status === 'error' ? state : idle} />
              <Flex gap="3" justify="end">
                <AlertDialog.Cancel>
                  <Button variant="soft" color="gray" type="button">
                    Cancel
                  </Button>
                </AlertDialog.Cancel>
                <SubmitButton color="red">Erase everywhere</SubmitButton>
              </Flex>
            </Flex>
          </form>
        </AlertDialog.Content>
      </AlertDialog.Root>
    </Flex>
  )
}
