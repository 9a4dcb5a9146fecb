// A fake HubSpot (OAuth 2026-03 token endpoint with the client credentials in the form body, CRM v3 and
// dated paths) following contracts/hubspot.json and its traps: property values are strings, a contact
// create with a known e-mail is a 409 whose id is only in the message, batch/upsert by e-mail is
// idempotent, notes need hs_timestamp, 429 has no Retry-After, 401 EXPIRED_AUTHENTICATION.
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Checked, checkRequest, loadContract } from './contract.ts'
import { type FailureMode, Failures } from './failures.ts'
import { escapeHtml, html, json, page, readBody, sha256base64url } from './http.ts'

type Properties = Record<string, string>
export interface HubSpotRecord {
  id: string
  type: 'contacts' | 'deals' | 'notes'
  properties: Properties
  associations: { to: string; typeId: number }[]
}

const error = (res: ServerResponse, status: number, category: string, message: string) =>
  json(res, status, { status: 'error', message, correlationId: randomBytes(8).toString('hex'), category })

export class FakeHubSpot {
  readonly failures = new Failures()
  readonly requests: { method: string; path: string; contract: Checked; auth: string }[] = []
  readonly records: HubSpotRecord[] = []
  /** Addresses erased with the GDPR delete (HubSpot blocks them from coming back). */
  readonly erasedEmails = new Set<string>()
  private readonly codes = new Map<string, { redirectUri: string; challenge?: string }>()
  private readonly tokens = new Map<string, number>()
  private readonly refreshTokens = new Set<string>()
  private readonly contract = loadContract('hubspot')
  private server?: Server
  private seq = 100
  url = ''
  readonly clientId = 'parley-dev-hubspot'
  readonly clientSecret = 'parley-dev-hubspot-secret'

  constructor(readonly options: { port?: number; host?: string } = {}) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e) => error(res, 500, 'INTERNAL_ERROR', String(e)))
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

  issueToken(): string {
    const token = `CN${randomBytes(24).toString('hex')}`
    this.tokens.set(token, Date.now() + 1_800_000)
    return token
  }

  of(type: HubSpotRecord['type']) {
    return this.records.filter((r) => r.type === type)
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake')
    const body = await readBody(req)
    if (url.pathname === '/oauth/authorize') return this.authorize(req, url, body, res)
    if (url.pathname === '/oauth/2026-03/token' || url.pathname === '/oauth/v3/token')
      return this.token(new URLSearchParams(body), res)
    if (url.pathname === '/oauth/2026-03/token/revoke') {
      const form = new URLSearchParams(body)
      if (form.get('client_id') !== this.clientId) return json(res, 400, { error: 'invalid_client' })
      this.refreshTokens.delete(form.get('token') ?? '')
      for (const t of this.tokens.keys()) this.tokens.set(t, 0)
      return json(res, 200, {})
    }
    if (url.pathname.startsWith('/__fake')) {
      if (url.pathname === '/__fake/fail') {
        this.failures.add(JSON.parse(body || '{}') as { mode: FailureMode })
        return json(res, 200, { ok: true })
      }
      if (url.pathname === '/__fake/state')
        return json(res, 200, { records: this.records, requests: this.requests })
      const rows = this.records
        .map(
          (r) =>
            `<tr><td>${r.type} ${r.id}</td><td><pre>${escapeHtml(JSON.stringify(r.properties, null, 1))}</pre></td><td>${escapeHtml(r.associations.map((a) => `${a.typeId}→${a.to}`).join(', '))}</td></tr>`,
        )
        .join('')
      return html(
        res,
        200,
        page(
          'Fake HubSpot',
          `<h1>Fake HubSpot</h1><table><tbody>${rows || '<tr><td>Nothing yet.</td></tr>'}</tbody></table>`,
        ),
      )
    }
    const authorization = req.headers.authorization ?? ''
    const auth = authorization.startsWith('Bearer ') ? 'bearer' : 'none'
    const fields = body ? (JSON.parse(body) as Record<string, unknown>) : {}
    const contract = checkRequest(this.contract, {
      method: req.method ?? 'GET',
      path: url.pathname,
      auth,
      fields: {},
    })
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, contract, auth })
    const expires = this.tokens.get(authorization.slice(7))
    if (!expires) return error(res, 401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found.')
    if (expires < Date.now())
      return error(res, 401, 'EXPIRED_AUTHENTICATION', 'The OAuth token used to make this call expired.')
    const failure = this.failures.take(contract.endpoint ?? '*')
    if (failure && failure.mode !== 'lost_answer') {
      if (failure.mode === 'timeout') return
      if (failure.mode === 'rate_limit')
        return json(res, 429, {
          status: 'error',
          message: 'You have reached your ten_secondly_rolling limit.',
          errorType: 'RATE_LIMIT',
          correlationId: 'x',
          policyName: 'TEN_SECONDLY_ROLLING',
        })
      if (failure.mode === 'server_error')
        return error(res, failure.status ?? 502, 'INTERNAL_ERROR', 'Bad gateway')
      if (failure.mode === 'token_expired')
        return error(res, 401, 'EXPIRED_AUTHENTICATION', 'The OAuth token used to make this call expired.')
      return error(
        res,
        failure.status ?? 400,
        'VALIDATION_ERROR',
        failure.error ?? 'Property values were not valid',
      )
    }
    if (contract.errors.length) return error(res, 400, 'VALIDATION_ERROR', contract.errors.join('; '))
    const answer = this.crm(contract.endpoint, fields)
    if (failure?.mode === 'lost_answer') return error(res, 502, 'INTERNAL_ERROR', 'Bad gateway')
    if (answer.status === 204) {
      res.writeHead(204)
      return res.end()
    }
    return json(res, answer.status, answer.body)
  }

  private crm(
    endpoint: string | undefined,
    fields: Record<string, unknown>,
  ): { status: number; body: unknown } {
    const now = new Date().toISOString()
    const out = (r: HubSpotRecord, extra: Record<string, unknown> = {}) => ({
      id: r.id,
      properties: r.properties,
      createdAt: now,
      updatedAt: now,
      archived: false,
      ...extra,
    })
    const strings = (p: unknown) => {
      const bad = Object.entries((p ?? {}) as Record<string, unknown>).find(([, v]) => typeof v !== 'string')
      return bad ? `Property values were not valid: ${bad[0]} must be a string` : undefined
    }
    const associations = (list: unknown) =>
      ((list ?? []) as { to: { id: string }; types: { associationTypeId: number }[] }[]).flatMap((a) =>
        a.types.map((t) => ({ to: String(a.to.id), typeId: t.associationTypeId })),
      )
    if (endpoint === 'contacts.batchUpsert') {
      const inputs = (fields.inputs ?? []) as { id: string; idProperty: string; properties: Properties }[]
      const results = []
      for (const input of inputs) {
        const problem = strings(input.properties)
        if (problem || input.idProperty !== 'email')
          return {
            status: 400,
            body: {
              status: 'error',
              category: 'VALIDATION_ERROR',
              message: problem ?? 'idProperty must be email',
            },
          }
        let contact = this.of('contacts').find((c) => c.properties.email === input.id.toLowerCase())
        const created = !contact
        if (!contact) {
          contact = {
            id: String(this.seq++),
            type: 'contacts',
            properties: { email: input.id.toLowerCase() },
            associations: [],
          }
          this.records.push(contact)
        }
        Object.assign(contact.properties, input.properties)
        results.push(out(contact, { new: created }))
      }
      return { status: 200, body: { status: 'COMPLETE', results, startedAt: now, completedAt: now } }
    }
    if (endpoint === 'deals.create' || endpoint === 'notes.create' || endpoint === 'contacts.create') {
      const properties = (fields.properties ?? {}) as Properties
      const problem = strings(properties)
      if (problem)
        return { status: 400, body: { status: 'error', category: 'VALIDATION_ERROR', message: problem } }
      if (endpoint === 'notes.create' && !properties.hs_timestamp)
        return {
          status: 400,
          body: {
            status: 'error',
            category: 'VALIDATION_ERROR',
            message: 'Property values were not valid: hs_timestamp is required',
          },
        }
      if (endpoint === 'contacts.create') {
        const existing = this.of('contacts').find(
          (c) => c.properties.email === properties.email?.toLowerCase(),
        )
        if (existing)
          return {
            status: 409,
            body: {
              status: 'error',
              category: 'CONFLICT',
              message: `Contact already exists. Existing ID: ${existing.id}`,
            },
          }
      }
      const type = endpoint.split('.')[0] as HubSpotRecord['type']
      const record: HubSpotRecord = {
        id: String(this.seq++),
        type,
        properties,
        associations: associations(fields.associations),
      }
      this.records.push(record)
      return { status: 201, body: out(record) }
    }
    if (endpoint === 'contacts.gdprDelete') {
      const objectId = String(fields.objectId ?? '')
      const byEmail = fields.idProperty === 'email'
      const index = this.records.findIndex(
        (r) =>
          r.type === 'contacts' &&
          (byEmail ? r.properties.email === objectId.toLowerCase() : r.id === objectId),
      )
      // By e-mail an unknown address is still a 204 (HubSpot blocks it); an unknown record id is a 404.
      if (index < 0 && !byEmail)
        return { status: 404, body: { status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Not found' } }
      if (index >= 0) this.records.splice(index, 1)
      if (byEmail) this.erasedEmails.add(objectId.toLowerCase())
      return { status: 204, body: null }
    }
    return { status: 404, body: { status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Not found' } }
  }

  private async token(form: URLSearchParams, res: ServerResponse) {
    if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret)
      return json(res, 400, {
        error: 'invalid_client',
        error_description: 'The client credentials must be in the body',
        status: 'BAD_CLIENT_ID',
        message: 'Invalid client',
      })
    const failure = this.failures.take('token')
    const badGrant = () =>
      json(res, 400, {
        error: 'invalid_grant',
        error_description: 'refresh token is invalid',
        status: 'BAD_REFRESH_TOKEN',
        message: 'missing or unknown refresh token',
      })
    if (failure?.mode === 'invalid_grant') return badGrant()
    if (form.get('grant_type') === 'refresh_token') {
      if (!this.refreshTokens.has(form.get('refresh_token') ?? '')) return badGrant()
    } else {
      const code = this.codes.get(form.get('code') ?? '')
      this.codes.delete(form.get('code') ?? '')
      if (!code || code.redirectUri !== form.get('redirect_uri'))
        return json(res, 400, {
          error: 'invalid_grant',
          error_description: 'code is invalid',
          status: 'BAD_AUTH_CODE',
        })
      if (code.challenge && (await sha256base64url(form.get('code_verifier') ?? '')) !== code.challenge)
        return json(res, 400, { error: 'invalid_grant', error_description: 'code verifier mismatch' })
    }
    const refresh = form.get('refresh_token') ?? `na1-${randomBytes(16).toString('hex')}`
    this.refreshTokens.add(refresh)
    return json(res, 200, {
      access_token: this.issueToken(),
      refresh_token: refresh,
      expires_in: 1800,
      token_type: 'bearer',
      token_use: 'access_token',
      hub_id: 4242,
      user_id: 7,
      scopes: [
        'oauth',
        'crm.objects.contacts.read',
        'crm.objects.contacts.write',
        'crm.objects.deals.read',
        'crm.objects.deals.write',
      ],
    })
  }

  private authorize(req: IncomingMessage, url: URL, body: string, res: ServerResponse) {
    const params = req.method === 'POST' ? new URLSearchParams(body) : url.searchParams
    if (params.get('client_id') !== this.clientId)
      return html(res, 400, page('HubSpot', '<p>Invalid client</p>'))
    if (req.method === 'POST') {
      const back = new URL(params.get('redirect_uri') ?? '')
      back.searchParams.set('state', params.get('state') ?? '')
      if (params.get('decision') === 'allow') {
        const code = randomBytes(12).toString('hex')
        this.codes.set(code, {
          redirectUri: params.get('redirect_uri') ?? '',
          challenge: params.get('code_challenge') ?? undefined,
        })
        back.searchParams.set('code', code)
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
        'Connect to HubSpot',
        `<h1>Parley wants to connect to your HubSpot account</h1><form method="post">${hidden}<button name="decision" value="allow">Allow</button> <button name="decision" value="deny">Cancel</button></form>`,
      ),
    )
  }
}

export const startFakeHubSpot = (options?: { port?: number; host?: string }) =>
  new FakeHubSpot(options).start()
