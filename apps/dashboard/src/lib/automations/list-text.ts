// A list of values typed as text with commas ("refund, return"). The text being typed is kept while it
// still says the list the graph holds (so "refund, " keeps its comma); once the list changes from
// elsewhere (undo, redo, another step selected), the field shows the new list.

export function parseList(text: string, numeric = false): (string | number)[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (numeric ? Number(s) : s))
}

const same = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((x, i) => String(x) === String(b[i]))

/** What the field shows: the draft if it still reads as the list, else the list itself. */
export function listText(draft: string, list: readonly unknown[], numeric = false): string {
  return same(parseList(draft, numeric), list) ? draft : list.join(', ')
}
