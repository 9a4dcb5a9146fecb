import { formatBusinessHours } from '@parley/widget/handoff-notice'
import { describe, expect, it } from 'vitest'
import { handoffSettingsSchema, parseBusinessHours } from './schemas.ts'

const storeId = 'de000000-0000-4000-8000-000000000010'
const base = { storeId, replyTime: '', fallbackPhone: '', fallbackEmail: '', offlineMessage: '' }

describe('handoff settings schema', () => {
  it('turns the form into the columns the widget reads, in words the widget prints', () => {
    const parsed = handoffSettingsSchema.parse({
      ...base,
      replyTime: 'in a few hours',
      fallbackPhone: ' +43 512 123456 ',
      fallbackEmail: ' Help@Acme.Example ',
      offlineMessage: ' We are closed for stocktaking until Monday. ',
      'Mon-open': '09:00',
      'Mon-close': '17:00',
      'Sat-open': '10:00',
      'Sat-close': '14:00',
    })
    expect(parsed).toEqual({
      storeId,
      reply_time: 'in a few hours',
      fallback_phone: '+43 512 123456',
      fallback_email: 'help@acme.example',
      offline_message: 'We are closed for stocktaking until Monday.',
      business_hours: { Mon: '09:00–17:00', Sat: '10:00–14:00' },
    })
    expect(formatBusinessHours(parsed.business_hours)).toBe('Mon 09:00–17:00, Sat 10:00–14:00')
  })

  it('clears every setting when the form is left empty', () => {
    expect(handoffSettingsSchema.parse(base)).toMatchObject({
      reply_time: null,
      fallback_phone: null,
      fallback_email: null,
      offline_message: null,
      business_hours: {},
    })
  })

  it('refuses a bad email, a phone without digits, an unknown reply time and half or reversed hours', () => {
    const errors = (input: Record<string, string>) => {
      const result = handoffSettingsSchema.safeParse({ ...base, ...input })
      return result.error?.issues.map((i) => [i.path[0], i.message])
    }
    expect(errors({ fallbackEmail: 'not-an-email' })).toEqual([
      ['fallbackEmail', 'Enter a valid email address.'],
    ])
    expect(errors({ offlineMessage: 'x'.repeat(501) })).toEqual([
      ['offlineMessage', 'The offline message is at most 500 characters.'],
    ])
    expect(errors({ fallbackPhone: 'call us' })?.[0]?.[0]).toBe('fallbackPhone')
    expect(errors({ fallbackPhone: '12' })?.[0]?.[0]).toBe('fallbackPhone')
    expect(errors({ replyTime: 'never' })?.[0]?.[0]).toBe('replyTime')
    expect(errors({ 'Tue-open': '09:00' })).toEqual([
      ['Tue-open', 'Give Tue both an opening and a closing time, or neither.'],
    ])
    expect(errors({ 'Wed-open': '18:00', 'Wed-close': '09:00' })).toEqual([
      ['Wed-open', 'Wed must close after it opens.'],
    ])
  })

  it('reads saved hours back per weekday, leaving out what the editor cannot show', () => {
    const hours = parseBusinessHours({
      Mon: '09:00–17:00',
      Tue: '08:30-12:00',
      'Mon–Fri': '09:00–17:00',
      Sun: 'x',
    })
    expect(hours.Mon).toEqual({ open: '09:00', close: '17:00' })
    expect(hours.Tue).toEqual({ open: '08:30', close: '12:00' })
    expect(hours.Sun).toBeNull()
    expect(parseBusinessHours(null).Fri).toBeNull()
  })
})
