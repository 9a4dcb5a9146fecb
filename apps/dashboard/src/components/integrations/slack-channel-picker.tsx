'use client'

import { Button, Flex, Select, Text } from '@radix-ui/themes'
import { useActionState, useState, useTransition } from 'react'
import { listSlackChannels, type SlackChannelPage, saveSlackChannel } from '../../actions/integrations.ts'
import { idle } from '../../lib/action-state.ts'
import { FormMessage } from '../form-message.tsx'
import { SubmitButton } from '../submit-button.tsx'

/**
 * The default channel for Slack posts. Slack lists channels in pages (sometimes short ones that still have
 * more), so the list loads on demand, one page at a time, until Slack says there is no next page.
 */
export function SlackChannelPicker({
  storeId,
  current,
}: {
  storeId: string
  current?: { id: string; name: string }
}) {
  const [channels, setChannels] = useState<SlackChannelPage['channels']>(
    current ? [{ id: current.id, name: current.name, is_private: false }] : [],
  )
  const [cursor, setCursor] = useState<string | undefined>()
  const [loaded, setLoaded] = useState(false)
  const [error, setError] = useState<string>()
  const [chosen, setChosen] = useState(current?.id ?? '')
  const [loading, startLoading] = useTransition()
  const [state, action] = useActionState(saveSlackChannel, idle)

  const load = () =>
    startLoading(async () => {
      const result = await listSlackChannels(storeId, cursor)
      if (!result.ok) return setError(result.error)
      setError(undefined)
      setChannels((before) => {
        const seen = new Set(before.map((c) => c.id))
        return [...before, ...result.page.channels.filter((c) => !seen.has(c.id))]
      })
      setCursor(result.page.nextCursor || undefined)
      setLoaded(true)
    })

  const channel = channels.find((c) => c.id === chosen)
  const name = channel?.name ?? ''
  const label = (c: SlackChannelPage['channels'][number]) => `${c.is_private ? '🔒 ' : '#'}${c.name}`
  return (
    <form action={action}>
      <input type="hidden" name="storeId" value={storeId} />
      <input type="hidden" name="channel" value={chosen} />
      <input type="hidden" name="channelName" value={name} />
      <Flex direction="column" gap="2">
        <Text as="label" size="2" weight="medium" id="slack-channel-label">
          Channel for automations
        </Text>
        <Flex gap="2" wrap="wrap" align="center">
          <Select.Root
            value={chosen}
            onValueChange={setChosen}
            onOpenChange={(open) => open && !loaded && load()}
          >
            {/* The label is given, not left to Radix (which fills it in only once the page is interactive): the
                server's HTML then has the same width, and nothing below jumps under the user's finger. */}
            <Select.Trigger placeholder="Choose a channel" aria-labelledby="slack-channel-label">
              {channel ? label(channel) : undefined}
            </Select.Trigger>
            <Select.Content>
              {channels.map((c) => (
                <Select.Item key={c.id} value={c.id}>
                  {label(c)}
                </Select.Item>
              ))}
            </Select.Content>
          </Select.Root>
          {!loaded || cursor ? (
            <Button type="button" variant="soft" onClick={load} loading={loading}>
              {loaded ? 'Load more channels' : 'Load channels'}
            </Button>
          ) : null}
          <SubmitButton disabled={!chosen}>Save channel</SubmitButton>
        </Flex>
        {error ? (
          <Text size="2" color="red" role="alert">
            {error}
          </Text>
        ) : null}
        <FormMessage state={state} />
      </Flex>
    </form>
  )
}
