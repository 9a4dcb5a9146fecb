import { describe, expect, it } from 'vitest'
import { fallbackNotice, formatBusinessHours, waitingNotice } from './handoff-notice.ts'

const info = {
  business_hours: { 'Mon–Fri': '09:00–17:00', Sat: '10:00–14:00', bogus: 3 },
  reply_time: 'within an hour',
  fallback_phone: '+43 512 123456',
  fallback_email: 'help@acme.example',
}

describe('handoff notices', () => {
  it('lists business hours Monday first, whatever order the database keeps the keys in', () => {
    // jsonb sorts keys shortest first, then alphabetically: Fri, Mon, Sat, Sun, Thu, Tue, Wed
    const stored = { Fri: '09:00–15:00', Mon: '09:00–17:00', Sat: '10:00–14:00', Tue: '09:00–17:00' }
    expect(formatBusinessHours(stored)).toBe(
      'Mon 09:00–17:00, Tue 09:00–17:00, Fri 09:00–15:00, Sat 10:00–14:00',
    )
  })

  it('tells the visitor a person is coming, with the reply time and business hours', () => {
    expect(formatBusinessHours(info.business_hours)).toBe('Mon–Fri 09:00–17:00, Sat 10:00–14:00')
    expect(waitingNotice('Acme', info)).toBe(
      "We're getting a person from Acme to help. You can keep writing here. We usually reply within an hour. " +
        'Our hours: Mon–Fri 09:00–17:00, Sat 10:00–14:00.',
    )
    expect(waitingNotice('Acme', undefined)).toBe(
      "We're getting a person from Acme to help. You can keep writing here.",
    )
  })

  it('offers the fallback contact only while the handoff is failing', () => {
    expect(fallbackNotice(info, 'pending')).toBeNull()
    expect(fallbackNotice(info, 'delivered')).toBeNull()
    expect(fallbackNotice(info, 'failing')).toMatch(
      /saved[\s\S]*call \+43 512 123456 or e-mail help@acme\.example\.$/,
    )
    expect(fallbackNotice({ ...info, fallback_phone: null, fallback_email: ' ' }, 'dead')).toBe(
      "We can't reach our team right now. Your messages are saved and will reach the team as soon as it is reachable.",
    )
  })
})
