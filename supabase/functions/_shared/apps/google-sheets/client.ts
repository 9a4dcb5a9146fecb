// Google Sheets API v4, the calls Parley makes: a spreadsheet's tabs, a column's values and values.append.
// Errors come as {error: {code, message, status}}: 401 means the access token expired (refresh and call
// again), 429 and 5xx are retried, the rest are refusals in Google's words.
import type { CircuitBreaker } from '../../breaker.ts'
import { AppHttpError, AppTokenExpiredError } from '../errors.ts'
import { detailOf, send } from '../transport.ts'

/** A sheet title in A1 notation: quoted, with quotes doubled. */
export const a1Sheet = (title: string) => `'${title.replace(/'/g, "''")}'`

export type Cell = string | number | boolean

export class SheetsClient {
  constructor(
    private readonly options: {
      token: string
      baseUrl: string
      breaker?: CircuitBreaker
      fetch?: typeof fetch
      timeoutMs?: number
    },
  ) {}

  private async call(path: string, init: { method: 'GET' | 'POST'; json?: unknown }) {
    const response = await send(
      {
        app: 'Google Sheets',
        baseUrl: this.options.baseUrl,
        breaker: this.options.breaker,
        fetch: this.options.fetch,
        timeoutMs: this.options.timeoutMs,
      },
      path,
      {
        method: init.method,
        headers: {
          Authorization: `Bearer ${this.options.token}`,
          ...(init.json === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
      },
    )
    if (response.status === 401) {
      await response.body?.cancel()
      throw new AppTokenExpiredError('Google Sheets')
    }
    if (!response.ok) throw new AppHttpError('Google Sheets', response.status, await detailOf(response))
    return (await response.json()) as Record<string, unknown>
  }

  async sheetTitles(spreadsheetId: string): Promise<string[]> {
    const body = await this.call(
      `/v4/spreadsheets/${encodeURIComponent(spreadsheetId)}?fields=${encodeURIComponent('sheets.properties(sheetId,title,index)')}`,
      { method: 'GET' },
    )
    return ((body.sheets as { properties: { title: string } }[]) ?? []).map((s) => s.properties.title)
  }

  /** The values of one column (A: Parley's row ids), top to bottom; an empty column is []. */
  async column(spreadsheetId: string, sheet: string, column: string): Promise<string[]> {
    const range = encodeURIComponent(`${a1Sheet(sheet)}!${column}:${column}`)
    const body = await this.call(
      `/v4/spreadsheets/${encodeURIComponent(spreadsheetId)}/values/${range}?majorDimension=COLUMNS`,
      { method: 'GET' },
    )
    return ((body.values as string[][] | undefined)?.[0] ?? []).map(String)
  }

  /** Appends one row as typed text (RAW: a visitor's "=HYPERLINK(...)" stays text, never a formula). */
  async appendRow(spreadsheetId: string, sheet: string, row: Cell[]): Promise<{ updatedRange: string }> {
    const range = encodeURIComponent(a1Sheet(sheet))
    const body = await this.call(
      `/v4/spreadsheets/${encodeURIComponent(spreadsheetId)}/values/${range}:append?valueInputOption=RAW&insertDataOption=INSERT_ROWS`,
      { method: 'POST', json: { majorDimension: 'ROWS', values: [row] } },
    )
    return {
      updatedRange: String((body.updates as { updatedRange?: string } | undefined)?.updatedRange ?? ''),
    }
  }
}
