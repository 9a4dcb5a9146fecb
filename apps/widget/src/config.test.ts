import { describe, expect, it } from 'vitest'
import { DEFAULT_COLOR, parseTheme, textOn } from './config.ts'

describe('parseTheme', () => {
  it('applies defaults for a missing theme', () => {
    expect(parseTheme({}, 'Scout')).toEqual({
      color: DEFAULT_COLOR,
      onColor: '#ffffff',
      position: 'right',
      title: 'Scout',
      avatarUrl: null,
    })
  })

  it('reads color, position, title and avatar', () => {
    const theme = parseTheme(
      { color: '#2f6f4e', position: 'left', title: 'Ask us', avatarUrl: 'https://cdn.example/a.png' },
      'Scout',
    )
    expect(theme).toMatchObject({ color: '#2f6f4e', position: 'left', title: 'Ask us' })
    expect(theme.avatarUrl).toBe('https://cdn.example/a.png')
  })

  it('refuses values that could inject CSS or script', () => {
    const theme = parseTheme(
      { color: 'red;background:url(x)', position: 'top', avatarUrl: 'javascript:alert(1)' },
      'Scout',
    )
    expect(theme).toMatchObject({ color: DEFAULT_COLOR, position: 'right', avatarUrl: null })
  })

  it('picks readable text on light and dark colours', () => {
    expect(textOn('#ffeb3b')).toBe('#111111')
    expect(textOn('#1e3a8a')).toBe('#ffffff')
  })
})
