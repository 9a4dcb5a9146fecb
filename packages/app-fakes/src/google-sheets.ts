// A fake Google Sheets API v4 with Google's OAuth 2.0, following contracts/google-sheets.json and its traps:
// one origin serves the consent page (/o/oauth2/v2/auth), the token endpoint (/token: no rotation, a
// refresh token only with access_type=offline, 400 invalid_grant), /revoke and the API (/v4/spreadsheets).
// Errors are {error: {code, message, status}}; valueInputOption is required on append; an empty range has no
// `values`. 'lost_answer' failures append and then answer 503, the ambiguous failure retries must survive.
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Checked, checkRequest, loadContract } from './contract.ts'
import { type FailureMode, Failures } from './failures.ts'
import { escapeHtml, html, json, page, readBody, sha256base64url } from './http.ts'

export interface SheetsRequest {
  method: string
  path: string
  auth: 'bearer' | 'basic' | 'form-credentials' | 'none'
  contract: Checked
  at: string
}

export const DEMO_SPREADSHEET = '1ParleyDemoLeadsSheet0000000000000000000000'

const status = (code: number) =>
  ({
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    429: 'RESOURCE_EXHAUSTED',
    503: 'UNAVAILABLE',
  })[code] ?? 'INTERNAL'
const apiError = (res: ServerResponse, code: number, message: string, headers: Record<string, string> = {}) =>
  json(res, code, { error: { code, message, status: status(code) } }, headers)

/** 'Leads'!A:A or Leads or 'My ''x'''!A1 -> the sheet title. */
function sheetOf(range: string): string {
  const name = range.includes('!') ? range.slice(0, range.lastIndexOf('!')) : range
  return name.startsWith("'") ? name.slice(1, -1).replace(/''/g, "'") : name
}

export class FakeGoogleSheets {
  readonly failures = new Failures()
  readonly requests: SheetsRequest[] = []
  /** spreadsheet id -> sheet title -> rows */
  readonly spreadsheets = new Map<string, Map<string, unknown[][]>>([
    [DEMO_SPREADSHEET, new Map([['Leads', [['Row id', 'Name', 'Email']]]])],
  ])
  private readonly codes = new Map<string, { redirectUri: string; challenge?: string; offline: boolean }>()
  private readonly tokens = new Map<string, { expiresAt: number; revoked: boolean; grant: string }>()
  private readonly refreshTokens = new Map<string, { revoked: boolean; grant: string }>()
  private readonly contract = loadContract('google-sheets')
  private server?: Server
  url = ''
  readonly clientId = 'parley-dev-google.apps.googleusercontent.com'
  readonly clientSecret = 'parley-dev-google-secret'

  constructor(readonly options: { port?: number; host?: string } = {}) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error) => apiError(res, 500, String(error)))
    })
    await new Promise<void>((resolve) =>
      this.server?.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', resolve),
    )
    this.url = `http://${this.options.host ?? '127.0.0.1'}:${(this.server.address() as AddressInfo).port}`
    return this
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise<void>((resolve) => this.server?.close(() => resolve()))
  }

  rows(sheet = 'Leads', spreadsheet = DEMO_SPREADSHEET): unknown[][] {
    return this.spreadsheets.get(spreadsheet)?.get(sheet) ?? []
  }

  issueToken(lifetimeSeconds = 3599): string {
    const token = `ya29.${randomBytes(16).toString('hex')}`
    this.tokens.set(token, { expiresAt: Date.now() + lifetimeSeconds * 1000, revoked: false, grant: token })
    return token
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake')
    const body = await readBody(req)
    if (url.pathname === '/o/oauth2/v2/auth') return this.authorize(req, url, body, res)
    if (url.pathname === '/token') return this.token(req, new URLSearchParams(body), res)
    if (url.pathname === '/revoke') return this.revoke(new URLSearchParams(body), res)
    if (url.pathname.startsWith('/__fake')) return this.control(url, body, res)
    if (!url.pathname.startsWith('/v4/spreadsheets/')) return apiError(res, 404, 'Not found')

    const authorization = req.headers.authorization ?? ''
    const contract = checkRequest(this.contract, {
      method: req.method ?? 'GET',
      path: url.pathname,
      auth: authorization.startsWith('Bearer ') ? 'bearer' : 'none',
      fields: Object.fromEntries(url.searchParams),
    })
    this.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      auth: authorization.startsWith('Bearer ') ? 'bearer' : 'none',
      contract,
      at: new Date().toISOString(),
    })
    const token = this.tokens.get(authorization.slice(7))
    if (!token || token.revoked || token.expiresAt < Date.now())
      return apiError(res, 401, 'Request had invalid authentication credentials.', {
        'WWW-Authenticate': 'Bearer realm="https://accounts.google.com/"',
      })

    const method = contract.endpoint ?? 'unknown'
    const failure = this.failures.take(method)
    if (failure && failure.mode !== 'lost_answer') {
      if (failure.mode === 'timeout') return
      if (failure.mode === 'rate_limit')
        return apiError(
          res,
          429,
          "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user' of service 'sheets.googleapis.com'.",
          failure.retryAfter ? { 'Retry-After': String(failure.retryAfter) } : {},
        )
      if (failure.mode === 'server_error')
        return apiError(res, failure.status ?? 503, 'The service is currently unavailable.')
      if (failure.mode === 'token_expired')
        return apiError(res, 401, 'Request had invalid authentication credentials.')
      return apiError(res, failure.status ?? 403, failure.error ?? 'The caller does not have permission')
    }
    if (contract.errors.length) return apiError(res, 400, contract.errors.join('; '))

    const [, , , id = '', , rawRange] = url.pathname.split('/')
    const spreadsheet = this.spreadsheets.get(decodeURIComponent(id))
    if (!spreadsheet) return apiError(res, 404, 'Requested entity was not found.')
    if (rawRange === undefined)
      return json(res, 200, {
        spreadsheetId: id,
        properties: { title: 'Parley demo leads' },
        sheets: [...spreadsheet.keys()].map((title, index) => ({
          properties: { sheetId: index, title, index, sheetType: 'GRID' },
        })),
      })
    const append = rawRange.endsWith(':append')
    const range = decodeURIComponent(append ? rawRange.slice(0, -':append'.length) : rawRange)
    const rows = spreadsheet.get(sheetOf(range))
    if (!rows) return apiError(res, 400, `Unable to parse range: ${range}`)
    if (!append) {
      // only whole columns are asked for by Parley (A:A, majorDimension=COLUMNS)
      const column = rows.map((r) => r[0]).filter((v) => v !== undefined && v !== '')
      return json(res, 200, {
        range,
        majorDimension: url.searchParams.get('majorDimension') ?? 'ROWS',
        ...(column.length ? { values: [column] } : {}),
      })
    }
    if (!url.searchParams.get('valueInputOption'))
      return apiError(res, 400, "'valueInputOption' is required but not specified")
    const input = JSON.parse(body || '{}') as { values?: unknown[][] }
    if (
      !Array.isArray(input.values) ||
      input.values.some((r) => !Array.isArray(r) || r.some((c) => c !== null && typeof c === 'object'))
    )
      return apiError(res, 400, 'Invalid values[0][0]: struct_value')
    const first = rows.length + 1
    rows.push(...input.values)
    if (failure?.mode === 'lost_answer') return apiError(res, 503, 'The service is currently unavailable.')
    const width = Math.max(...input.values.map((r) => r.length))
    return json(res, 200, {
      spreadsheetId: id,
      tableRange: `${sheetOf(range)}!A1:${String.fromCharCode(64 + width)}${first - 1}`,
      updates: {
        spreadsheetId: id,
        updatedRange: `${sheetOf(range)}!A${first}:${String.fromCharCode(64 + width)}${rows.length}`,
        updatedRows: input.values.length,
        updatedColumns: width,
        updatedCells: input.values.flat().length,
      },
    })
  }

  private async token(req: IncomingMessage, form: URLSearchParams, res: ServerResponse) {
    const [id, secret] = req.headers.authorization?.startsWith('Basic ')
      ? Buffer.from(req.headers.authorization.slice(6), 'base64').toString().split(':')
      : [form.get('client_id'), form.get('client_secret')]
    if (id !== this.clientId || secret !== this.clientSecret)
      return json(res, 401, { error: 'invalid_client', error_description: 'Unauthorized' })
    const failure = this.failures.take('token')
    if (failure?.mode === 'invalid_grant')
      return json(res, 400, {
        error: 'invalid_grant',
        error_description: 'Token has been expired or revoked.',
      })
    if (failure?.mode === 'server_error') return json(res, 503, { error: 'temporarily_unavailable' })
    const grant = form.get('grant_type')
    if (grant === 'refresh_token') {
      const refresh = this.refreshTokens.get(form.get('refresh_token') ?? '')
      if (!refresh || refresh.revoked)
        return json(res, 400, {
          error: 'invalid_grant',
          error_description: 'Token has been expired or revoked.',
        })
      const access = this.issueToken()
      return json(res, 200, {
        access_token: access,
        expires_in: 3599,
        token_type: 'Bearer',
        scope: 'https://www.googleapis.com/auth/spreadsheets',
      })
    }
    if (grant !== 'authorization_code') return json(res, 400, { error: 'unsupported_grant_type' })
    const code = this.codes.get(form.get('code') ?? '')
    this.codes.delete(form.get('code') ?? '')
    if (!code || code.redirectUri !== form.get('redirect_uri'))
      return json(res, 400, { error: 'invalid_grant', error_description: 'Bad Request' })
    if (code.challenge && (await sha256base64url(form.get('code_verifier') ?? '')) !== code.challenge)
      return json(res, 400, { error: 'invalid_grant', error_description: 'Invalid code verifier.' })
    const access = this.issueToken()
    const refresh = code.offline ? `1//${randomBytes(20).toString('hex')}` : undefined
    if (refresh) this.refreshTokens.set(refresh, { revoked: false, grant: access })
    return json(res, 200, {
      access_token: access,
      expires_in: 3599,
      token_type: 'Bearer',
      scope: 'https://www.googleapis.com/auth/spreadsheets',
      ...(refresh ? { refresh_token: refresh } : {}),
    })
  }

  private revoke(form: URLSearchParams, res: ServerResponse) {
    const token = form.get('token') ?? ''
    const access = this.tokens.get(token)
    const refresh = this.refreshTokens.get(token)
    if (!access && !refresh)
      return json(res, 400, { error: 'invalid_token', error_description: 'Token expired or revoked' })
    // Revoking either token ends the whole grant.
    for (const t of this.tokens.values()) t.revoked = true
    for (const t of this.refreshTokens.values()) t.revoked = true
    return json(res, 200, {})
  }

  private authorize(req: IncomingMessage, url: URL, body: string, res: ServerResponse) {
    const params = req.method === 'POST' ? new URLSearchParams(body) : url.searchParams
    if (params.get('client_id') !== this.clientId)
      return html(res, 400, page('Google', '<p>Error 401: invalid_client</p>'))
    if (req.method === 'POST') {
      const back = new URL(params.get('redirect_uri') ?? '')
      back.searchParams.set('state', params.get('state') ?? '')
      if (params.get('decision') === 'allow') {
        const code = `4/${randomBytes(12).toString('hex')}`
        this.codes.set(code, {
          redirectUri: params.get('redirect_uri') ?? '',
          challenge: params.get('code_challenge') ?? undefined,
          offline: params.get('access_type') === 'offline',
        })
        back.searchParams.set('code', code)
        back.searchParams.set('scope', params.get('scope') ?? '')
      } else back.searchParams.set('error', 'access_denied')
      res.writeHead(302, { Location: back.toString() })
      return res.end()
    }
    const hidden = [...params]
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join('')
    return html(
      res,
      200,
      page(
        'Sign in with Google',
        `<h1>Parley wants to access your Google Account</h1><p>${escapeHtml(params.get('scope') ?? '')}</p>
<form method="post">${hidden}<button name="decision" value="allow">Allow</button> <button name="decision" value="deny">Cancel</button></form>`,
      ),
    )
  }

  private control(url: URL, body: string, res: ServerResponse) {
    if (url.pathname === '/__fake/fail') {
      this.failures.add(JSON.parse(body || '{}') as { mode: FailureMode })
      return json(res, 200, { ok: true })
    }
    if (url.pathname === '/__fake/state')
      return json(res, 200, { rows: this.rows(), requests: this.requests })
    const rows = this.rows()
      .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
      .join('')
    return html(
      res,
      200,
      page(
        'Fake Google Sheets',
        `<h1>Fake Google Sheets: Parley demo leads / Leads</h1><table><tbody>${rows}</tbody></table>`,
      ),
    )
  }
}

export const startFakeGoogleSheets = (options?: { port?: number; host?: string }) =>
  new FakeGoogleSheets(options).start()
