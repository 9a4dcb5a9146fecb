'use client'

import { Flex } from '@radix-ui/themes'
import { useActionState } from 'react'
import { retryOutboxJob } from '../../actions/outbox.ts'
import { idle } from '../../lib/action-state.ts'
import { FormMessage } from '../form-message.tsx'
import { SubmitButton } from '../submit-button.tsx'

export function RetryJobButton({ storeId, jobId, title }: { storeId: string; jobId: number; title: string }) {
  const [state, action] = useActionState(retryOutboxJob, idle)
  return (
    <form action={action}>
      <input type="hidden" name="storeId" value={storeId} />
      <input type="hidden" name="jobId" value={jobId} />
      <Flex direction="column" gap="2" align="end">
        <SubmitButton variant="soft" size="1" aria-label={`Retry #${jobId} ${title}`}>
          Retry
        </SubmitButton>
        <FormMessage state={state} />
      </Flex>
    </form>
  )
}
