import { describe, expect, it } from 'vitest'
import { filtersToSearch, todayIn } from './filters.ts'
import { parseFilters } from './parse-filters.ts'

describe('analytics filters in the URL', () => {
  it('defaults to the last 30 days up to today, all dimensions', () => {
    expect(parseFilters({}, '2026-12-02')).toEqual({
      from: '2026-11-03',
      to: '2026-12-02',
      chatbot: null,
      language: null,
      channel: null,
      tag: null,
    })
  })

  it('ignores what is malformed, puts a reversed range right and cuts one longer than a year', () => {
    expect(
      parseFilters({ from: 'yesterday', chatbot: 'not-a-uuid', tag: '  vip ' }, '2026-12-02'),
    ).toMatchObject({
      from: '2026-11-03',
      chatbot: null,
      tag: 'vip',
    })
    expect(parseFilters({ from: '2026-12-01', to: '2026-11-01' }, '2026-12-02')).toMatchObject({
      from: '2026-11-01',
      to: '2026-12-01',
    })
    expect(parseFilters({ from: '2020-01-01', to: '2026-12-01' }, '2026-12-02').from).toBe('2025-12-01')
  })

  it('round-trips through the query string', () => {
    const filters = parseFilters({ from: '2026-11-01', to: '2026-11-30', language: 'de' }, '2026-12-02')
    expect(parseFilters(new URLSearchParams(filtersToSearch(filters)), '2026-12-02')).toEqual(filters)
  })

  it("today is the store's day: 23:30 in New York is still the day before in UTC terms", () => {
    expect(todayIn('America/New_York', new Date('2026-03-10T03:30:00Z'))).toBe('2026-03-09')
    expect(todayIn('Not/AZone', new Date('2026-03-10T03:30:00Z'))).toBe('2026-03-10')
  })
})
