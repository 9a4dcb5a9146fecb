import { describe, expect, it } from 'vitest'
import { botOffersSchema, payableForm } from './bot-offers.ts'

const ref = { storeId: crypto.randomUUID(), chatbotId: crypto.randomUUID() }
const deposit = {
  name: 'Deposit',
  amount: '50',
  currency: 'EUR',
  description: 'Deposit',
  expires_in_minutes: '60',
}

describe('bot offers', () => {
  it('keeps amounts in cents and currencies in lower case, as the chat function reads them', () => {
    const parsed = botOffersSchema.parse({
      ...ref,
      booking: true,
      payables: [{ ...deposit, amount: '42,50' }],
    })
    expect(parsed.payables).toEqual([
      { name: 'Deposit', amount: 4250, currency: 'eur', description: 'Deposit', expires_in_minutes: 60 },
    ])
  })

  it('refuses what Stripe would refuse, in words', () => {
    const tooSmall = botOffersSchema.safeParse({
      ...ref,
      booking: false,
      payables: [{ ...deposit, amount: '0.20' }],
    })
    expect(tooSmall.error?.issues[0]?.message).toBe('Stripe takes at least 0.50.')
    const tooShort = botOffersSchema.safeParse({
      ...ref,
      booking: false,
      payables: [{ ...deposit, expires_in_minutes: '5' }],
    })
    expect(tooShort.error?.issues[0]?.message).toMatch(/at least 30 minutes/)
    const words = botOffersSchema.safeParse({
      ...ref,
      booking: false,
      payables: [{ ...deposit, amount: 'fifty' }],
    })
    expect(words.error?.issues[0]?.message).toBe('Write the amount like 50 or 42.50.')
  })

  it('reads a stored item back into the form, and skips one it cannot read', () => {
    expect(
      payableForm({
        name: 'Deposit',
        amount: 4250,
        currency: 'eur',
        description: 'Deposit',
        expires_in_minutes: 60,
      }),
    ).toEqual({
      name: 'Deposit',
      amount: '42.50',
      currency: 'EUR',
      description: 'Deposit',
      expires_in_minutes: 60,
    })
    expect(payableForm({ name: 'Broken' })).toBeNull()
  })
})
