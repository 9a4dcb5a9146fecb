'use client'

import { Flex } from '@radix-ui/themes'
import { useActionState } from 'react'
import { createChatbot } from '../../actions/chatbots.ts'
import { idle } from '../../lib/action-state.ts'
import { FormMessage } from '../form-message.tsx'
import { SubmitButton } from '../submit-button.tsx'
import { TextInput } from '../text-input.tsx'

export function CreateChatbotForm({ storeId }: { storeId: string }) {
  const [state, action] = useActionState(createChatbot, idle)
  return (
    <form action={action} noValidate aria-label="Create a chatbot">
      <input type="hidden" name="storeId" value={storeId} />
      <Flex direction="column" gap="3">
        <FormMessage state={state} />
        <Flex gap="3" align="end" wrap="wrap">
          <div style={{ flex: '1 1 16rem' }}>
            <TextInput
              name="name"
              label="Chatbot name"
              placeholder="Scout"
              maxLength={80}
              required
              defaultValue={state.values?.name}
              errors={state.fieldErrors?.name}
            />
          </div>
          <SubmitButton size="3">Create chatbot</SubmitButton>
        </Flex>
      </Flex>
    </form>
  )
}
