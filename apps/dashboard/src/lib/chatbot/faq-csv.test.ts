import { describe, expect, it } from 'vitest'
import { parseFaqCsv } from './faq-csv.ts'

describe('parseFaqCsv', () => {
  it('reads quoted fields with commas, quotes and line breaks', () => {
    const csv = [
      'Question,Answer',
      '"Do you ship abroad?","Yes, to the UK and the US."',
      '"What is a ""3-season"" tent?","One for spring,\nsummer and autumn."',
    ].join('\r\n')
    const { accepted, rejected, error } = parseFaqCsv(csv)
    expect(error).toBeUndefined()
    expect(rejected).toEqual([])
    expect(accepted).toEqual([
      { line: 2, question: 'Do you ship abroad?', answer: 'Yes, to the UK and the US.' },
      { line: 3, question: 'What is a "3-season" tent?', answer: 'One for spring,\nsummer and autumn.' },
    ])
  })

  it('rejects bad rows with their line and reason, and keeps the good ones', () => {
    const csv = [
      'question,answer',
      'Good one?,Yes.',
      ',An answer without a question',
      'A question without an answer?,',
      `${'x'.repeat(501)},too long`,
      'good one?,Duplicate of line 2 (case-insensitive).',
      'Another?,Fine.',
    ].join('\n')
    const { accepted, rejected } = parseFaqCsv(csv)
    expect(accepted.map((r) => r.line)).toEqual([2, 7])
    expect(rejected).toEqual([
      { line: 3, reason: 'The question is empty.' },
      { line: 4, reason: 'The answer is empty.' },
      { line: 5, reason: 'Questions are at most 500 characters.' },
      { line: 6, reason: 'The same question appears earlier in the file.' },
    ])
  })

  it('asks for the header row when the columns are missing', () => {
    expect(parseFaqCsv('q,a\nx,y').error).toMatch(/question.*answer/)
    expect(parseFaqCsv('').error).toBeDefined()
  })

  it('ignores a byte order mark, blank lines and extra columns', () => {
    const { accepted } = parseFaqCsv('\uFEFFquestion,answer,notes\n\nHi?,Hello.,internal\n\n')
    expect(accepted).toEqual([{ line: 2, question: 'Hi?', answer: 'Hello.' }])
  })
})
