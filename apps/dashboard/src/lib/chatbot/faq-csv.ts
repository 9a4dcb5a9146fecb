import Papa from 'papaparse'
import { faqFields } from './schemas.ts'

export type CsvRow = { line: number; question: string; answer: string }
export type RejectedRow = { line: number; reason: string }
export type ParsedCsv = { accepted: CsvRow[]; rejected: RejectedRow[]; error?: string }

/** Most FAQs a single import may add (one insert, one request). */
export const maxImportRows = 1000

/**
 * Parses an FAQ CSV (header row with `question` and `answer`, RFC 4180 quoting) and validates every row
 * with the same rules as the FAQ form. Line numbers count the header as line 1, as spreadsheets do.
 * Used by the browser for the preview and again by the server action, which never trusts the preview.
 */
export function parseFaqCsv(text: string): ParsedCsv {
  const result = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  })
  const fields = result.meta.fields ?? []
  if (!fields.includes('question') || !fields.includes('answer')) {
    return {
      accepted: [],
      rejected: [],
      error: 'The first row must name the columns "question" and "answer".',
    }
  }
  const accepted: CsvRow[] = []
  const rejected: RejectedRow[] = []
  // Papa reports structural problems (unclosed quotes, too many fields) per row.
  const rowErrors = new Map<number, string>()
  for (const e of result.errors) {
    if (typeof e.row === 'number' && !rowErrors.has(e.row)) rowErrors.set(e.row, e.message)
  }
  const seen = new Set<string>()
  result.data.forEach((raw, index) => {
    const line = index + 2
    const structural = rowErrors.get(index)
    if (structural) {
      rejected.push({ line, reason: structural })
      return
    }
    const parsed = faqFields.safeParse({ question: raw.question ?? '', answer: raw.answer ?? '' })
    if (!parsed.success) {
      rejected.push({ line, reason: parsed.error.issues.map((i) => i.message).join(' ') })
      return
    }
    const key = parsed.data.question.toLowerCase()
    if (seen.has(key)) {
      rejected.push({ line, reason: 'The same question appears earlier in the file.' })
      return
    }
    seen.add(key)
    accepted.push({ line, ...parsed.data })
  })
  if (accepted.length > maxImportRows) {
    return {
      accepted: [],
      rejected,
      error: `A file may add at most ${maxImportRows} FAQs at once; this one has ${accepted.length}.`,
    }
  }
  return { accepted, rejected }
}
