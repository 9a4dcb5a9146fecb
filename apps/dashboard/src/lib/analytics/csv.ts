import Papa from 'papaparse'

/**
 * CSV text safe to open in a spreadsheet: a cell starting with =, +, -, @, a tab or a carriage return is
 * prefixed with ' so that a shopper's "=HYPERLINK(...)" stays text (papaparse's escapeFormulae does it).
 */
export function toCsv(columns: string[], rows: unknown[][]): string {
  return Papa.unparse(
    { fields: columns, data: rows.map((r) => r.map(cell)) },
    { escapeFormulae: true, newline: '\r\n' },
  )
}

function cell(value: unknown): string | number {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? Math.round(value * 1000) / 1000 : ''
  if (Array.isArray(value)) return value.join(' ')
  return String(value)
}
