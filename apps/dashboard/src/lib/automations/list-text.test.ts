import { describe, expect, it } from 'vitest'
import { listText, parseList } from './list-text.ts'

describe('a list typed with commas', () => {
  it('reads the values, dropping blanks; numbers when the list holds numbers', () => {
    expect(parseList(' refund,  return ,, ')).toEqual(['refund', 'return'])
    expect(parseList('1, 2.5', true)).toEqual([1, 2.5])
  })

  it('keeps what is being typed while it says the same list', () => {
    expect(listText('refund, ', ['refund'])).toBe('refund, ')
    expect(listText('refund,return', ['refund', 'return'])).toBe('refund,return')
  })

  it('after an undo (the list changed elsewhere) shows the list the step holds now', () => {
    expect(listText('refund, return, broken', ['refund'])).toBe('refund')
    expect(listText('refund', [])).toBe('')
    expect(listText('', ['vip', 'unhappy'])).toBe('vip, unhappy')
  })
})
