import { z } from 'zod'
import { chatbotRef } from './schemas.ts'

/**
 * What the bot may offer on its own (chatbots.bot_offers_booking, chatbots.bot_payables): the store's
 * Cal.com booking page, and payments for these items only. Matches what the chat function reads
 * (private.payable_item): an item it cannot read is never offered.
 */
export const payableSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: 'Give the item a name (what a shopper would ask for, e.g. Deposit).' })
    .max(80, { error: 'Names are at most 80 characters.' }),
  /** the amount as people write it ("50" or "42.50"), kept in cents */
  amount: z
    .string()
    .trim()
    .regex(/^\d{1,6}([.,]\d{1,2})?$/, { error: 'Write the amount like 50 or 42.50.' })
    .transform((v) => Math.round(Number(v.replace(',', '.')) * 100))
    .pipe(z.number().min(50, { error: 'Stripe takes at least 0.50.' })),
  currency: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z]{3}$/, { error: 'A three-letter currency code, e.g. EUR.' }),
  description: z
    .string()
    .trim()
    .min(1, { error: 'Say what the payment is for: the shopper reads it on the card.' })
    .max(300, { error: 'At most 300 characters.' }),
  expires_in_minutes: z.coerce
    .number({ error: 'The link lasts 30 to 1440 minutes.' })
    .int()
    .min(30, { error: 'The link lasts at least 30 minutes (Stripe’s minimum).' })
    .max(1440, { error: 'The link lasts at most 1440 minutes (24 hours).' }),
})

export type PayableInput = z.input<typeof payableSchema>
export type Payable = z.output<typeof payableSchema>

export const botOffersSchema = chatbotRef.extend({
  booking: z.boolean(),
  payables: z.array(payableSchema).max(10, { error: 'At most 10 items.' }),
})

/** A stored item as the form edits it (the amount back in units). */
export function payableForm(stored: unknown): PayableInput | null {
  const item = payableSchema
    .extend({ amount: z.number().int() })
    .safeParse(stored && typeof stored === 'object' ? stored : null)
  if (!item.success) return null
  return {
    ...item.data,
    amount: (item.data.amount / 100).toFixed(2),
    currency: item.data.currency.toUpperCase(),
  }
}
