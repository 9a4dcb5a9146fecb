'use client'

import { Badge, Flex, Heading, Text } from '@radix-ui/themes'
import { useRouter } from 'next/navigation'
import { useEffect, useRef } from 'react'
import { chatwootSentence, statusWords, useStoreHealth } from '../../lib/store-health.ts'

/**
 * The Chatwoot card's header and status, from the same health answer as the status panel: the account's
 * state, whether Chatwoot answers, and what that means, updated every few seconds. When the store's failed
 * or dead jobs change, the server-rendered list below is refreshed too.
 */
export function ChatwootConnection({ storeId }: { storeId: string }) {
  const { data, error } = useStoreHealth(storeId)
  const chatwoot = data?.store.chatwoot
  const words = chatwoot ? statusWords[chatwoot.status] : undefined

  const router = useRouter()
  const jobs = data?.store.jobs
  const seen = useRef<string | undefined>(undefined)
  useEffect(() => {
    if (!jobs) return
    const counts = `${jobs.failing}/${jobs.dead}`
    if (seen.current !== undefined && seen.current !== counts) router.refresh()
    seen.current = counts
  }, [jobs, router])

  return (
    <Flex direction="column" gap="2">
      <Flex align="center" gap="3" wrap="wrap">
        <Heading as="h2" size="4" id="chatwoot-heading">
          Chatwoot
        </Heading>
        {chatwoot ? (
          <>
            <Badge color={words?.color} data-testid="chatwoot-connection">
              {words?.label}
            </Badge>
            <Text size="1" color="gray" data-testid="chatwoot-account-status">
              account {chatwoot.account_status ?? 'not created yet'}
            </Text>
          </>
        ) : (
          <Badge color="gray">{error ? 'Unknown' : 'Checking…'}</Badge>
        )}
      </Flex>
      <Text
        size="2"
        role="status"
        color={chatwoot?.status === 'ok' ? undefined : chatwoot ? words?.color : 'gray'}
      >
        {chatwoot
          ? chatwootSentence(chatwoot)
          : error
            ? `Could not check Chatwoot: ${error.message}`
            : 'Checking the connection…'}
      </Text>
      {chatwoot?.account_error && chatwoot.account_status !== 'active' ? (
        <Text size="2" color="red">
          {chatwoot.account_error}
        </Text>
      ) : null}
    </Flex>
  )
}
