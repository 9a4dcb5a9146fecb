import { describe, expect, it } from 'vitest'
import { toCsv } from './csv.ts'

describe('toCsv', () => {
  it('prefixes cells a spreadsheet would run as formulas with a quote', () => {
    const csv = toCsv(
      ['question'],
      [
        ['=HYPERLINK("http://evil","x")'],
        ['+1+1'],
        ['-2'],
        ['@SUM(A1)'],
        ['\tlead'],
        ['\rlead'],
        ['plain = text'],
      ],
    )
    const lines = csv.split('\r\n').slice(1)
    expect(lines).toEqual([
      `"'=HYPERLINK(""http://evil"",""x"")"`,
      `"'+1+1"`,
      `"'-2"`,
      `"'@SUM(A1)"`,
      `"'\tlead"`,
      `"'\rlead"`,
      'plain = text',
    ])
  })

  it('quotes separators and line breaks, leaves numbers as numbers and empty cells empty', () => {
    expect(toCsv(['a', 'b', 'c', 'd'], [['x, y', 'two\nlines', 12.3456, null]])).toBe(
      'a,b,c,d\r\n"x, y","two\nlines",12.346,',
    )
  })

  it('writes a list as words', () => {
    expect(toCsv(['tags'], [[['vip', 'returns']]])).toBe('tags\r\nvip returns')
  })
})
