import { describe, expect, it } from 'vitest'
import { bookingOf, type ChatMessage, fromRow, mergeMessages } from './messages.ts'

const pending = (clientId: string, content: string, at: string): ChatMessage => ({
  key: clientId,
  client_id: clientId,
  sender: 'customer',
  content,
  created_at: at,
  pending: 'queued',
})
const row = (id: number, sender: 'customer' | 'bot', content: string, clientId: string | null = null) =>
  fromRow({
    id,
    session_id: 's',
    sender,
    content,
    created_at: `2026-11-23T08:00:0${id}Z`,
    client_id: clientId,
  })

describe('mergeMessages', () => {
  it('replaces a queued message by its stored row (same client id), so it shows once', () => {
    const list = mergeMessages([], [pending('c1', 'hello', '2026-11-23T08:00:00Z')])
    const after = mergeMessages(list, [row(1, 'customer', 'hello', 'c1'), row(2, 'bot', 'hi!')])
    expect(after.map((m) => [m.content, m.pending ?? 'stored'])).toEqual([
      ['hello', 'stored'],
      ['hi!', 'stored'],
    ])
  })

  it('keeps a row once when it arrives both in the HTTP answer and over realtime', () => {
    const once = mergeMessages([], [row(1, 'customer', 'a', 'c1'), row(2, 'bot', 'b')])
    const twice = mergeMessages(once, [row(2, 'bot', 'b'), row(1, 'customer', 'a', 'c1')])
    expect(twice).toHaveLength(2)
  })

  it('never lets a late pending update hide a stored row', () => {
    const stored = mergeMessages([], [row(1, 'customer', 'a', 'c1')])
    const after = mergeMessages(stored, [pending('c1', 'a', '2026-11-23T08:00:00Z')])
    expect(after[0]?.pending).toBeUndefined()
  })

  it('orders stored rows by id and puts unsent messages last, oldest first', () => {
    const list = mergeMessages(
      [],
      [
        pending('c9', 'later', '2026-11-23T09:00:00Z'),
        row(3, 'bot', 'x'),
        pending('c8', 'first', '2026-11-23T08:59:00Z'),
        row(1, 'bot', 'y'),
      ],
    )
    expect(list.map((m) => m.content)).toEqual(['y', 'x', 'first', 'later'])
  })
})

describe('booking offers', () => {
  it('draws a card only for http(s) links of a booking offer', () => {
    expect(
      bookingOf({ kind: 'booking_offer', booking_url: 'https://cal.com/a/b?name=Ana', title: 'Intro' }),
    ).toEqual({
      url: 'https://cal.com/a/b?name=Ana',
      title: 'Intro',
    })
    expect(bookingOf({ kind: 'booking_offer', booking_url: 'javascript:alert(1)' })).toBeUndefined()
    expect(bookingOf({ kind: 'automation' })).toBeUndefined()
    expect(bookingOf(null)).toBeUndefined()
  })
})

describe('fromRow', () => {
  const base = { id: 9, session_id: 's', sender: 'bot' as const, content: 'Payment request', created_at: '' }
  it('shows a payment request as its card, and the lines about its outcome as text', () => {
    expect(fromRow({ ...base, metadata: { payment_request_id: 'p1' } }).paymentRequestId).toBe('p1')
    expect(
      fromRow({ ...base, metadata: { payment_request_id: 'p1', payment_status: 'paid' } }).paymentRequestId,
    ).toBeUndefined()
    expect(fromRow({ ...base, metadata: {} }).paymentRequestId).toBeUndefined()
  })
})
