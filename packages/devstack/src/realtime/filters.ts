/**
 * postgres_changes filters (`column=op.value`, ops eq/neq/lt/lte/gt/gte/in), checked against the new row (the
 * old row for DELETE) and compared by the column's type, as Realtime casts the value to it.
 */

export type FilterOp = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte' | 'in'

export interface Filter {
  column: string
  op: FilterOp
  values: string[]
}

const OPS = new Set<FilterOp>(['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in'])

export function parseFilter(text: string): Filter {
  const eq = text.indexOf('=')
  const dot = text.indexOf('.', eq + 1)
  if (eq <= 0 || dot < 0) throw new Error(`invalid filter "${text}": expected column=op.value`)
  const column = text.slice(0, eq).trim()
  const op = text.slice(eq + 1, dot) as FilterOp
  if (!OPS.has(op)) throw new Error(`invalid filter "${text}": unsupported operator ${op}`)
  const raw = text.slice(dot + 1)
  if (op !== 'in') return { column, op, values: [raw] }
  const m = /^\((.*)\)$/s.exec(raw.trim())
  if (!m) throw new Error(`invalid filter "${text}": in expects (a,b,...)`)
  return { column, op, values: splitList(m[1] ?? '') }
}

/** PostgREST-style list: commas separate, double quotes protect commas and parentheses. */
function splitList(body: string): string[] {
  const out: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string
    if (ch === '"') quoted = !quoted
    else if (ch === '\\' && quoted && i + 1 < body.length) cur += body[++i]
    else if (ch === ',' && !quoted) {
      out.push(cur.trim())
      cur = ''
    } else cur += ch
  }
  out.push(cur.trim())
  return out.filter((v) => v !== '')
}

const NUMERIC = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'oid', 'money'])
const TIME = new Set(['timestamptz', 'timestamp', 'date'])

/** Whether `row` passes the filter; `type` is the column's pg_type.typname. A missing/null cell never matches. */
export function matches(
  filter: Filter,
  row: Record<string, unknown> | null | undefined,
  type: string,
): boolean {
  const cell = row?.[filter.column]
  if (cell === null || cell === undefined) return false
  const cmp = (value: string) => compare(cell, value, type)
  switch (filter.op) {
    case 'eq':
      return cmp(filter.values[0] as string) === 0
    case 'neq':
      return cmp(filter.values[0] as string) !== 0
    case 'lt':
      return cmp(filter.values[0] as string) < 0
    case 'lte':
      return cmp(filter.values[0] as string) <= 0
    case 'gt':
      return cmp(filter.values[0] as string) > 0
    case 'gte':
      return cmp(filter.values[0] as string) >= 0
    case 'in':
      return filter.values.some((v) => cmp(v) === 0)
  }
}

/** Sign of cell - value under the column's type; NaN (incomparable) fails every test but neq. */
function compare(cell: unknown, value: string, type: string): number {
  if (NUMERIC.has(type)) return sign(Number(cell) - Number(value))
  if (type === 'bool') {
    const v = ['t', 'true', 'yes', 'on', '1'].includes(value.toLowerCase())
    return cell === v ? 0 : Number.NaN
  }
  if (TIME.has(type)) {
    const a = Date.parse(String(cell))
    const b = Date.parse(value)
    if (!Number.isNaN(a) && !Number.isNaN(b)) return sign(a - b)
  }
  const a =
    type === 'uuid' ? String(cell).toLowerCase() : typeof cell === 'string' ? cell : JSON.stringify(cell)
  const b = type === 'uuid' ? value.toLowerCase() : value
  return a < b ? -1 : a > b ? 1 : 0
}

function sign(n: number): number {
  return Number.isNaN(n) ? Number.NaN : Math.sign(n)
}
