'use client'

import { CheckIcon } from '@radix-ui/react-icons'
import { Button, Flex, Text } from '@radix-ui/themes'
import { useState, useTransition } from 'react'
import { resolveSession } from '../../actions/conversations.ts'

/** Closes the conversation; the new status comes back through realtime (and the page refresh). */
export function ResolveButton({ storeId, sessionId }: { storeId: string; sessionId: string }) {
  const [pending, startTransition] = useTransition()
  const [error, setError] = useState('')
  return (
    <Flex direction="column" align="end" gap="1">
      <Button
        size="2"
        variant="soft"
        color="green"
        loading={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await resolveSession({ storeId, sessionId })
            setError(result.status === 'error' ? (result.message ?? '') : '')
          })
        }
      >
        <CheckIcon /> Mark resolved
      </Button>
      {error ? (
        <Text size="1" color="red" role="alert">
          {error}
        </Text>
      ) : null}
    </Flex>
  )
}
