'use client'

import { Button, Card, Checkbox, Flex, Grid, Link, Text, TextField } from '@radix-ui/themes'
import { useActionState, useState } from 'react'
import { updateBotOffers } from '../../actions/chatbot-offers.ts'
import { idle } from '../../lib/action-state.ts'
import { type PayableInput, payableForm } from '../../lib/chatbot/bot-offers.ts'
import type { Chatbot } from '../../lib/chatbot/types.ts'
import { FormMessage } from '../form-message.tsx'
import { SubmitButton } from '../submit-button.tsx'

type Props = {
  storeId: string
  chatbot: Chatbot
  canEdit: boolean
  /** which apps are connected: without them the bot offers nothing, whatever is set here */
  connected: { calcom: boolean; stripe: boolean }
}

const blank: PayableInput = {
  name: '',
  amount: '',
  currency: 'EUR',
  description: '',
  expires_in_minutes: 1440,
}

const FIELDS = [
  { key: 'name', label: 'Name', placeholder: 'Deposit' },
  { key: 'amount', label: 'Amount', placeholder: '50.00' },
  { key: 'currency', label: 'Currency', placeholder: 'EUR' },
  { key: 'description', label: 'On the card', placeholder: 'Deposit for a custom tent' },
  { key: 'expires_in_minutes', label: 'Link valid (minutes)', placeholder: '1440' },
] as const

/**
 * What the bot offers by itself: the store's Cal.com booking card when a shopper asks to book, and a
 * payment card for one of these items when they ask to pay. The bot never makes up an amount.
 */
export function BotOffersSettings({ storeId, chatbot, canEdit, connected }: Props) {
  const [state, action] = useActionState(updateBotOffers, idle)
  const [booking, setBooking] = useState(chatbot.bot_offers_booking)
  const [items, setItems] = useState<PayableInput[]>(() =>
    (Array.isArray(chatbot.bot_payables) ? chatbot.bot_payables : []).flatMap((i) => payableForm(i) ?? []),
  )
  const integrations = `/stores/${storeId}/integrations`
  const set = (i: number, item: PayableInput) => setItems((all) => all.map((x, j) => (j === i ? item : x)))

  return (
    <form action={action} noValidate aria-label="Bot offers">
      <input type="hidden" name="storeId" value={storeId} />
      <input type="hidden" name="chatbotId" value={chatbot.id} />
      <input type="hidden" name="payables" value={JSON.stringify(items)} />
      <Flex direction="column" gap="4">
        <Flex direction="column" gap="1">
          <Text as="label" size="2" weight="medium">
            <Flex gap="2" align="center">
              <Checkbox
                name="booking"
                value="on"
                checked={booking}
                onCheckedChange={(c) => setBooking(c === true)}
                disabled={!canEdit}
              />
              Offer a booking link when a shopper asks to book a call or a meeting
            </Flex>
          </Text>
          <Text size="2" color="gray">
            The bot sends the Cal.com card of the event type chosen on the{' '}
            <Link href={integrations}>Integrations page</Link>, prefilled with the shopper's name and e-mail.
            {connected.calcom ? '' : ' Cal.com is not connected yet: until it is, the bot answers as usual.'}
          </Text>
        </Flex>

        <Flex direction="column" gap="2">
          <Text size="2" weight="medium">
            Payments the bot may ask for
          </Text>
          <Text size="2" color="gray">
            When a shopper asks to pay, the bot sends a payment card for the item they name (or asks which
            one).
            {connected.stripe ? '' : ' Stripe is not connected yet: until it is, the bot answers as usual.'}
          </Text>
          {items.map((item, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
            <Card key={i} size="1" aria-label={`Payable item ${i + 1}`}>
              <Grid columns={{ initial: '1', sm: '5' }} gap="2" align="end">
                {FIELDS.map((f) => (
                  <Flex key={f.key} direction="column" gap="1">
                    <Text as="label" size="1" color="gray" htmlFor={`payable-${i}-${f.key}`}>
                      {f.label}
                    </Text>
                    <TextField.Root
                      id={`payable-${i}-${f.key}`}
                      placeholder={f.placeholder}
                      value={String(item[f.key] ?? '')}
                      onChange={(e) => set(i, { ...item, [f.key]: e.currentTarget.value })}
                      disabled={!canEdit}
                    />
                  </Flex>
                ))}
              </Grid>
              {canEdit ? (
                <Flex justify="end" pt="2">
                  <Button
                    type="button"
                    size="1"
                    variant="soft"
                    color="red"
                    onClick={() => setItems((all) => all.filter((_, j) => j !== i))}
                  >
                    Remove
                  </Button>
                </Flex>
              ) : null}
            </Card>
          ))}
          {canEdit && items.length < 10 ? (
            <Flex>
              <Button type="button" variant="soft" onClick={() => setItems((all) => [...all, blank])}>
                Add an item
              </Button>
            </Flex>
          ) : null}
        </Flex>
        <FormMessage state={state} />
        {canEdit ? (
          <Flex>
            <SubmitButton>Save offers</SubmitButton>
          </Flex>
        ) : null}
      </Flex>
    </form>
  )
}
