'use client'

import { ExclamationTriangleIcon } from '@radix-ui/react-icons'
import { Button, Callout, Flex } from '@radix-ui/themes'

// Unexpected failures get a plain sentence and a retry; details stay in the server log, never on screen.
export default function AppError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <Flex direction="column" gap="3" align="start">
      <Callout.Root color="red" role="alert">
        <Callout.Icon>
          <ExclamationTriangleIcon />
        </Callout.Icon>
        <Callout.Text>This page could not be loaded. Check your connection and try again.</Callout.Text>
      </Callout.Root>
      <Button onClick={reset}>Try again</Button>
    </Flex>
  )
}
