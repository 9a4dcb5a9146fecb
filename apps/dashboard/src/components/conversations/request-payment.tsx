'use client'

import { Button, Flex, Popover, Text, TextField } from '@radix-ui/themes'
import { useState, useTransition } from 'react'
import { browserClient } from '../../lib/realtime.ts'

/**
 * An agent asks the shopper to pay (the store's Stripe app): amount, currency and what it is for. The card
 * appears in the transcript and the widget through realtime; its status follows the store's webhook.
 */
export function RequestPayment({ sessionId }: { sessionId: string }) {
  const [open, setOpen] = useState(false)
  const [pending, startTransition] = useTransition()
  const [error, setError] = useState('')
  const submit = (form: FormData) =>
    startTransition(async () => {
      const amount = Math.round(Number(String(form.get('amount')).replace(',', '.')) * 100)
      if (!Number.isFinite(amount) || amount < 1) return setError('Enter an amount, e.g. 42.50')
      const { error } = await browserClient().rpc('request_payment', {
        p_session_id: sessionId,
        p_amount: amount,
        p_currency: String(form.get('currency') ?? 'eur'),
        p_description: String(form.get('description') ?? ''),
      })
      if (error) return setError(error.message)
      setError('')
      setOpen(false)
    })
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger>
        <Button size="2" variant="soft">
          Request payment
        </Button>
      </Popover.Trigger>
      <Popover.Content width="320px">
        <form action={submit} aria-label="Request a payment">
          <Flex direction="column" gap="2">
            <Text as="label" size="2">
              Amount
              <TextField.Root name="amount" inputMode="decimal" required placeholder="42.50" />
            </Text>
            <Text as="label" size="2">
              Currency
              <TextField.Root name="currency" defaultValue="eur" required maxLength={3} />
            </Text>
            <Text as="label" size="2">
              What it is for
              <TextField.Root name="description" required maxLength={300} placeholder="Order 1042" />
            </Text>
            {error ? (
              <Text size="1" color="red" role="alert">
                {error}
              </Text>
            ) : null}
            <Button type="submit" loading={pending}>
              Send payment request
            </Button>
          </Flex>
        </form>
      </Popover.Content>
    </Popover.Root>
  )
}
