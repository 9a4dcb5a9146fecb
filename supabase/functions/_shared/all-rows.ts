/** PostgREST's max_rows (1000 on Supabase): a larger answer is cut there, silently. */
export const PAGE_ROWS = 1000

/**
 * Every row of a read that may pass max_rows, page by page: `page(from, to)` is the query with a stable
 * order and `.range(from, to)`. The first error ends it.
 */
export async function allRows<T, E>(
  page: (from: number, to: number) => PromiseLike<{ data: T[] | null; error: E | null }>,
): Promise<{ data: T[]; error: null } | { data: null; error: E }> {
  const rows: T[] = []
  for (let from = 0; ; from += PAGE_ROWS) {
    const { data, error } = await page(from, from + PAGE_ROWS - 1)
    if (error) return { data: null, error }
    rows.push(...(data ?? []))
    if ((data?.length ?? 0) < PAGE_ROWS) return { data: rows, error: null }
  }
}
