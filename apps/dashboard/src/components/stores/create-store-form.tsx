'use client'

import { Flex } from '@radix-ui/themes'
import { useActionState } from 'react'
import { createStore } from '../../actions/stores.ts'
import { idle } from '../../lib/action-state.ts'
import { FormMessage } from '../form-message.tsx'
import { SubmitButton } from '../submit-button.tsx'
import { TextInput } from '../text-input.tsx'

export function CreateStoreForm() {
  const [state, action] = useActionState(createStore, idle)
  return (
    <form action={action} noValidate aria-label="Create a store">
      <Flex direction="column" gap="3">
        <FormMessage state={state} />
        <Flex gap="3" align="end" wrap="wrap">
          <div style={{ flex: '1 1 16rem' }}>
            <TextInput
              name="name"
              label="Store name"
              placeholder="Northwind Bikes"
              maxLength={80}
              required
              defaultValue={state.values?.name}
              errors={state.fieldErrors?.name}
            />
          </div>
          <SubmitButton size="3">Create store</SubmitButton>
        </Flex>
      </Flex>
    </form>
  )
}
