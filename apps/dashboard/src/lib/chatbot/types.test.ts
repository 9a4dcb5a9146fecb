import { describe, expect, it } from 'vitest'
import { defaultColor, resolveTheme } from './types.ts'

describe('resolveTheme', () => {
  it('reads the keys the widget knows from a theme', () => {
    expect(resolveTheme({ color: '#112233', position: 'left', title: 'Scout', extra: 1 })).toEqual({
      color: '#112233',
      position: 'left',
      avatarUrl: undefined,
      title: 'Scout',
    })
  })

  it('falls back to the widget defaults for anything that is not a usable theme', () => {
    const defaults = { color: defaultColor, position: 'right', avatarUrl: undefined, title: undefined }
    expect(resolveTheme({})).toEqual(defaults)
    expect(resolveTheme(['#112233'])).toEqual(defaults)
    expect(resolveTheme({ color: 42, position: 'top', title: '' })).toEqual(defaults)
  })
})
