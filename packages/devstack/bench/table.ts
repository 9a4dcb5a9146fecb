// The one table `pnpm bench` prints: every figure beside its floor (measured in the same run) or its budget
// (a target), and the ratio between them. Each bench module adds rows; run.ts prints them at the end.

export interface Reference {
  kind: 'floor' | 'budget'
  value: number
  /** What the reference is, when the figure's name does not say it (e.g. "bare PostgREST"). */
  what?: string
}

export interface Row {
  /** Where it was measured: "PGlite", "PostgreSQL", "widget"... */
  group: string
  figure: string
  value: number
  unit: 'ms' | '/s' | 'KB' | '%' | ''
  reference?: Reference
  /** How it was measured, in a few words (samples, concurrency). */
  note?: string
}

const format = (value: number, unit: Row['unit']) => {
  const digits = unit === 'KB' || (unit === 'ms' && value < 10) ? 1 : 0
  return `${value.toFixed(digits)}${unit === '%' ? '%' : unit ? ` ${unit}` : ''}`
}

/** "2.0x floor" for a floor; "64% of budget" for a budget (over 100% means over budget). */
function ratio(row: Row): string {
  const ref = row.reference
  if (!ref) return ''
  if (ref.kind === 'floor') return ref.value > 0 ? `${(row.value / ref.value).toFixed(1)}x floor` : ''
  if (ref.value === 0) return row.value === 0 ? 'within' : 'OVER'
  const share = row.value / ref.value
  return `${Math.round(share * 100)}% of budget${share > 1 ? ' OVER' : ''}`
}

export class BenchTable {
  readonly rows: Row[] = []

  add(row: Row): void {
    this.rows.push(row)
  }

  print(log: (line: string) => void = console.log): void {
    const cells = this.rows.map((r) => [
      r.group,
      r.figure,
      format(r.value, r.unit),
      r.reference
        ? `${r.reference.kind} ${format(r.reference.value, r.unit)}${r.reference.what ? ` (${r.reference.what})` : ''}`
        : '',
      ratio(r),
      r.note ?? '',
    ])
    const head = ['where', 'figure', 'value', 'floor or budget', 'ratio', 'how']
    const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)))
    const line = (c: string[]) =>
      c
        .map((text, i) => (i === 2 ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd()
    log('')
    log(line(head))
    log(widths.map((w) => '-'.repeat(w)).join('  '))
    let group = ''
    for (const [i, c] of cells.entries()) {
      const row = this.rows[i]
      if (row && row.group !== group && group) log('')
      group = row?.group ?? ''
      log(line(c))
    }
  }
}
