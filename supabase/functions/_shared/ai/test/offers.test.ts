import { describe, expect, it } from 'vitest'
import { choosePayable, offerIntent, type Payable } from '../offers.ts'

const item = (name: string, description: string, amount = 5000): Payable => ({
  name,
  amount,
  currency: 'eur',
  description,
  expires_in_minutes: 1440,
})

describe('offerIntent', () => {
  it.each([
    'can I book a call',
    'Could we schedule a meeting next week?',
    'I need an appointment',
    'Kann ich einen Termin vereinbaren?',
    'Je voudrais prendre rendez-vous',
    '¿Puedo reservar una llamada?',
    'Ik wil een afspraak maken',
    'Posso agendar uma chamada?',
    'أريد حجز موعد',
  ])('reads %j as asking to book', (text) => {
    expect(offerIntent(text)).toBe('booking')
  })

  it.each([
    'I want to pay the deposit',
    'how do I pay for the repair?',
    'please send me the payment link',
    'Ich möchte die Anzahlung bezahlen',
    'Je veux payer l’acompte',
    'Quiero pagar el depósito',
    'Ik wil de aanbetaling betalen',
    'Quero pagar o sinal',
    'أريد أن أدفع العربون',
    // paying beats booking
    'I would like to pay the deposit for the call I booked',
  ])('reads %j as asking to pay', (text) => {
    expect(offerIntent(text)).toBe('payment')
  })

  it.each([
    'Can I pay by credit card?',
    'What payment methods do you accept?',
    'Do you have this book in stock?',
    'Where is my order?',
    'How much does the tent cost?',
    'Is the Payette jacket waterproof?',
  ])('offers nothing for %j', (text) => {
    expect(offerIntent(text)).toBeNull()
  })
})

describe('choosePayable', () => {
  const deposit = item('Deposit', 'Deposit for a custom tent')
  const fitting = item('Boot fitting', 'Boot fitting session', 3000)

  it('offers nothing when the store set up no item', () => {
    expect(choosePayable('I want to pay', [])).toBeNull()
  })

  it('takes the only item whether or not the line names it', () => {
    expect(choosePayable('I want to pay', [deposit])).toBe(0)
    expect(choosePayable('I want to pay the deposit', [deposit])).toBe(0)
  })

  it('takes the item the line names, ignoring case and accents', () => {
    expect(choosePayable('I want to pay the DEPOSIT', [deposit, fitting])).toBe(0)
    expect(choosePayable('pay for the boot fitting please', [deposit, fitting])).toBe(1)
  })

  it('leaves paying for an order or an invoice to the usual answer', () => {
    expect(choosePayable('Can I pay for order 1733412345 here?', [deposit])).toBeNull()
    expect(choosePayable('Ich möchte meine Rechnung bezahlen', [deposit, fitting])).toBeNull()
    expect(choosePayable('I want to pay the deposit for my order', [deposit, fitting])).toBe(0)
  })

  it('asks which one when several could be meant', () => {
    expect(choosePayable('I want to pay', [deposit, fitting])).toBe('ask')
  })
})
