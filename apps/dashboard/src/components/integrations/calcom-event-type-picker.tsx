'use client'

import { Button, Flex, Select, Text, TextField } from '@radix-ui/themes'
import { useActionState, useState, useTransition } from 'react'
import { type CalcomEventType, listCalcomEventTypes, saveCalcomEventType } from '../../actions/calcom.ts'
import { idle } from '../../lib/action-state.ts'
import { FormMessage } from '../form-message.tsx'
import { SubmitButton } from '../submit-button.tsx'

/**
 * The meeting "Offer a booking" proposes: one of the store's Cal.com event types (loaded with its key on
 * demand) and its public booking page, which the owner may correct (a team or custom domain).
 */
export function CalcomEventTypePicker({
  storeId,
  current,
}: {
  storeId: string
  current?: { id: number; title: string; bookingUrl: string }
}) {
  const [eventTypes, setEventTypes] = useState<CalcomEventType[]>(
    current ? [{ id: current.id, title: current.title, length: 0, booking_url: current.bookingUrl }] : [],
  )
  const [loaded, setLoaded] = useState(false)
  const [error, setError] = useState<string>()
  const [chosen, setChosen] = useState(current ? String(current.id) : '')
  const [bookingUrl, setBookingUrl] = useState(current?.bookingUrl ?? '')
  const [loading, startLoading] = useTransition()
  const [state, action] = useActionState(saveCalcomEventType, idle)

  const load = () =>
    startLoading(async () => {
      const result = await listCalcomEventTypes(storeId)
      if (!result.ok) return setError(result.error)
      setError(undefined)
      setEventTypes(result.eventTypes)
      setLoaded(true)
    })
  const choose = (id: string) => {
    setChosen(id)
    const type = eventTypes.find((e) => String(e.id) === id)
    if (type?.booking_url) setBookingUrl(type.booking_url)
  }
  const eventType = eventTypes.find((e) => String(e.id) === chosen)
  const title = eventType?.title ?? ''
  const label = (e: CalcomEventType) => `${e.title}${e.length ? ` (${e.length} min)` : ''}`
  return (
    <form action={action}>
      <input type="hidden" name="storeId" value={storeId} />
      <input type="hidden" name="eventTypeId" value={chosen} />
      <input type="hidden" name="title" value={title} />
      <Flex direction="column" gap="2">
        <Text as="label" size="2" weight="medium" id="calcom-event-type-label">
          Meeting offered in the chat
        </Text>
        <Flex gap="2" wrap="wrap" align="center">
          <Select.Root
            value={chosen}
            onValueChange={choose}
            onOpenChange={(open) => open && !loaded && load()}
          >
            {/* Given, not filled in by Radix once interactive: the layout does not jump on hydration. */}
            <Select.Trigger placeholder="Choose an event type" aria-labelledby="calcom-event-type-label">
              {eventType ? label(eventType) : undefined}
            </Select.Trigger>
            <Select.Content>
              {eventTypes.map((e) => (
                <Select.Item key={e.id} value={String(e.id)}>
                  {label(e)}
                </Select.Item>
              ))}
            </Select.Content>
          </Select.Root>
          {!loaded ? (
            <Button type="button" variant="soft" onClick={load} loading={loading}>
              Load event types
            </Button>
          ) : null}
        </Flex>
        <Text as="label" size="2" weight="medium">
          Booking page
          <TextField.Root
            name="bookingUrl"
            required
            value={bookingUrl}
            onChange={(e) => setBookingUrl(e.target.value)}
            placeholder="https://cal.com/you/intro-call"
          />
        </Text>
        <Flex>
          <SubmitButton disabled={!chosen}>Save meeting</SubmitButton>
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
