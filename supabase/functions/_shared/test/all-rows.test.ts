import { describe, expect, it } from 'vitest'
import { allRows, PAGE_ROWS } from '../all-rows.ts'

/** A read of `total` rows behind a server that answers at most PAGE_ROWS at a time, as PostgREST does. */
const capped = (total: number, failAt?: number) => {
  const asked: [number, number][] = []
  const page = async (from: number, to: number) => {
    asked.push([from, to])
    if (from === failAt) return { data: null, error: { message: 'down' } }
    const end = Math.min(total, to + 1, from + PAGE_ROWS)
    return { data: Array.from({ length: Math.max(0, end - from) }, (_, i) => from + i), error: null }
  }
  return { page, asked }
}

describe('allRows', () => {
  it('reads past the server cap, every row once and in order', async () => {
    const { page, asked } = capped(2 * PAGE_ROWS + 500)
    const { data } = await allRows(page)
    expect(data).toHaveLength(2 * PAGE_ROWS + 500)
    expect(data).toEqual(data?.map((_, i) => i))
    expect(asked).toHaveLength(3)
  })

  it('asks once more when the rows end on a page boundary, and stops at the empty page', async () => {
    const { page, asked } = capped(PAGE_ROWS)
    expect((await allRows(page)).data).toHaveLength(PAGE_ROWS)
    expect(asked).toEqual([
      [0, PAGE_ROWS - 1],
      [PAGE_ROWS, 2 * PAGE_ROWS - 1],
    ])
  })

  it('ends at the first error, returning no partial file', async () => {
    const { page } = capped(3 * PAGE_ROWS, PAGE_ROWS)
    expect(await allRows(page)).toEqual({ data: null, error: { message: 'down' } })
  })
})
