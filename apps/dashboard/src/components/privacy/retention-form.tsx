'use client'

import { Flex, Text } from '@radix-ui/themes'
import { useActionState } from 'react'
import { saveRetention } from '../../actions/privacy.ts'
import { idle } from '../../lib/action-state.ts'
import { FormMessage } from '../form-message.tsx'
import { SubmitButton } from '../submit-button.tsx'
import { TextInput } from '../text-input.tsx'

type Props = { storeId: string; retentionDays: number | null; canEdit: boolean }

/** How long conversations are kept: a daily job deletes older messages and files, and logs each run. */
export function RetentionForm({ storeId, retentionDays, canEdit }: Props) {
  const [state, action] = useActionState(saveRetention, idle)
  if (!canEdit)
    return (
      <Text size="2">
        {retentionDays
          ? `Messages and files older than ${retentionDays} days are deleted every day.`
          : 'Messages and files are kept until an owner deletes them.'}
      </Text>
    )
  return (
    <form action={action} noValidate aria-label="Data retention">
      <Flex direction="column" gap="3" maxWidth="360px">
        <input type="hidden" name="storeId" value={storeId} />
        <TextInput
          name="retentionDays"
          label="Delete messages and files after (days)"
          hint="Leave empty to keep everything."
          inputMode="numeric"
          defaultValue={retentionDays ?? ''}
          errors={state.fieldErrors?.retentionDays}
        />
        <FormMessage state={state} />
        <Flex>
          <SubmitButton>Save retention</SubmitButton>
        </Flex>
      </Flex>
    </form>
  )
}
