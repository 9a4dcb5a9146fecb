// A fake Slack (Web API + OAuth v2 with token rotation) that follows contracts/slack.json and its traps:
// method errors are HTTP 200 {ok:false}, 429 carries Retry-After, rotating tokens expire and a spent
// refresh token is refused, private channels the bot is not in are invisible, conversations.list pages can
// be short while a cursor remains. /oauth/v2/authorize is a consent page (Allow / Cancel) that redirects
// back with a code, checked against the PKCE challenge at the exchange. /__fake/ shows what it received;
// /__fake/fail injects failures, /__fake/state and /__fake/reset serve tests.
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Checked, checkRequest, loadContract } from './contract.ts'
import { type FailureMode, Failures } from './failures.ts'
import { escapeHtml, fieldsOf, html, json, page, readBody, sha256base64url } from './http.ts'

export interface SlackRequest {
  method: string
  path: string
  fields: Record<string, unknown>
  auth: 'bearer' | 'basic' | 'form-credentials' | 'none'
  contract: Checked
  at: string
}

export interface SlackMessage {
  channel: string
  ts: string
  text: string
  blocks?: unknown
  thread_ts?: string
  team: string
}

interface Token {
  team: string
  expiresAt?: number
  revoked: boolean
}

export interface FakeSlackOptions {
  port?: number
  host?: string
  clientId?: string
  clientSecret?: string
  /** Token rotation (expires_in + refresh_token); on by default, as Parley's app asks for it. */
  rotation?: boolean
  /** Lifetime of access tokens in seconds (Slack: 43200). */
  tokenLifetime?: number
  /** Channels per page of conversations.list (real Slack may give short pages). */
  pageSize?: number
}

const CHANNELS = [
  { id: 'C0SUPPORT01', name: 'support', is_private: false, is_member: true },
  { id: 'C0SALES0001', name: 'sales', is_private: false, is_member: false },
  { id: 'C0GENERAL01', name: 'general', is_private: false, is_member: true },
  { id: 'G0VIPS00001', name: 'vip-customers', is_private: true, is_member: true },
  { id: 'G0SECRET001', name: 'board', is_private: true, is_member: false },
  { id: 'C0ARCHIVED1', name: 'old-support', is_private: false, is_member: true, is_archived: true },
  ...Array.from({ length: 6 }, (_, i) => ({
    id: `C0TEAM0000${i}`,
    name: `team-${i}`,
    is_private: false,
    is_member: false,
  })),
]

export class FakeSlack {
  readonly failures = new Failures()
  readonly requests: SlackRequest[] = []
  readonly messages: SlackMessage[] = []
  private readonly codes = new Map<string, { redirectUri: string; challenge?: string; used: boolean }>()
  private readonly tokens = new Map<string, Token>()
  private readonly refreshTokens = new Map<string, { team: string; used: boolean }>()
  private readonly contract = loadContract('slack')
  private server?: Server
  url = ''
  readonly clientId: string
  readonly clientSecret: string
  rotation: boolean
  tokenLifetime: number
  pageSize: number
  private seq = 0

  constructor(readonly options: FakeSlackOptions = {}) {
    this.clientId = options.clientId ?? 'parley-dev-slack'
    this.clientSecret = options.clientSecret ?? 'parley-dev-slack-secret'
    this.rotation = options.rotation ?? true
    this.tokenLifetime = options.tokenLifetime ?? 43_200
    this.pageSize = options.pageSize ?? 4
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error) => json(res, 500, { ok: false, error: String(error) }))
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

  reset(): void {
    this.failures.clear()
    this.requests.length = 0
    this.messages.length = 0
  }

  /** A working bot token (for tests that skip the OAuth dance). */
  issueToken(team = 'T0PARLEY01', lifetime?: number): string {
    const token = `${this.rotation ? 'xoxe.xoxb-1-' : 'xoxb-'}${randomBytes(12).toString('hex')}`
    const seconds = lifetime ?? (this.rotation ? this.tokenLifetime : undefined)
    this.tokens.set(token, {
      team,
      revoked: false,
      expiresAt: seconds === undefined ? undefined : Date.now() + seconds * 1000,
    })
    return token
  }

  /** Makes a token expire now (the next call with it gets token_expired). */
  expire(token: string): void {
    const t = this.tokens.get(token)
    if (t) t.expiresAt = Date.now() - 1
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake')
    const body = await readBody(req)
    if (url.pathname === '/oauth/v2/authorize') return this.authorize(req, url, body, res)
    if (url.pathname.startsWith('/__fake')) return this.control(url, body, res)
    if (!url.pathname.startsWith('/api/')) return json(res, 404, { ok: false, error: 'unknown_method' })
    const method = url.pathname.slice('/api/'.length)
    const fields = { ...Object.fromEntries(url.searchParams), ...fieldsOf(req, body) }
    const authorization = req.headers.authorization ?? ''
    const auth = authorization.startsWith('Bearer ')
      ? 'bearer'
      : authorization.startsWith('Basic ')
        ? 'basic'
        : 'client_id' in fields
          ? 'form-credentials'
          : 'none'
    // The contract's form schema is what a form body carries: a JSON body's arrays are strings there.
    const asForm = Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [
        k,
        v !== null && typeof v === 'object' ? JSON.stringify(v) : v,
      ]),
    )
    const contract = checkRequest(this.contract, {
      method: req.method ?? 'GET',
      path: `/${method}`,
      auth,
      fields: asForm,
    })
    this.requests.push({
      method: req.method ?? 'GET',
      path: `/${method}`,
      fields,
      auth,
      contract,
      at: new Date().toISOString(),
    })

    const failure = this.failures.take(method)
    if (failure) {
      if (failure.mode === 'timeout') return // never answers; the client times out
      if (failure.mode === 'rate_limit')
        return json(
          res,
          429,
          { ok: false, error: 'ratelimited' },
          { 'Retry-After': String(failure.retryAfter ?? 3) },
        )
      if (failure.mode === 'server_error')
        return json(res, failure.status ?? 503, { ok: false, error: 'service_unavailable' })
      if (failure.mode === 'token_expired') return json(res, 200, { ok: false, error: 'token_expired' })
      if (failure.mode === 'invalid_grant')
        return failure.status === 400
          ? json(res, 400, { error: 'invalid_grant', error_description: 'refresh token revoked' })
          : json(res, 200, { ok: false, error: 'invalid_refresh_token' })
      return json(res, 200, { ok: false, error: failure.error ?? 'invalid_arguments' })
    }
    if (method === 'oauth.v2.access') return this.access(req, fields, res)
    const token = authorization.startsWith('Bearer ') ? authorization.slice(7) : String(fields.token ?? '')
    const known = this.tokens.get(token)
    if (!token) return json(res, 200, { ok: false, error: 'not_authed' })
    if (!known) return json(res, 200, { ok: false, error: 'invalid_auth' })
    if (known.revoked) return json(res, 200, { ok: false, error: 'token_revoked' })
    if (known.expiresAt !== undefined && known.expiresAt < Date.now())
      return json(res, 200, { ok: false, error: 'token_expired' })
    if (contract.errors.length)
      return json(res, 200, { ok: false, error: 'invalid_arguments', warning: contract.errors.join('; ') })
    switch (method) {
      case 'auth.test':
        return json(res, 200, {
          ok: true,
          url: 'https://parley-demo.slack.com/',
          team: 'Parley Demo',
          user: 'parley',
          team_id: known.team,
          user_id: 'U0PARLEY01',
          bot_id: 'B0PARLEY001',
          is_enterprise_install: false,
        })
      case 'auth.revoke':
        if (fields.test !== 'true' && fields.test !== true) known.revoked = true
        return json(res, 200, { ok: true, revoked: !(fields.test === 'true' || fields.test === true) })
      case 'conversations.list':
        return this.list(fields, res)
      case 'chat.postMessage':
        return this.post(fields, known, res)
      default:
        return json(res, 200, { ok: false, error: 'unknown_method' })
    }
  }

  private list(fields: Record<string, unknown>, res: ServerResponse) {
    const types = String(fields.types ?? 'public_channel').split(',')
    const visible = CHANNELS.filter(
      (c) =>
        (c.is_private
          ? types.includes('private_channel') && c.is_member
          : types.includes('public_channel')) && !(fields.exclude_archived === 'true' && c.is_archived),
    )
    const start = fields.cursor ? Number(Buffer.from(String(fields.cursor), 'base64url').toString()) : 0
    if (Number.isNaN(start)) return json(res, 200, { ok: false, error: 'invalid_cursor' })
    // A short first page, as Slack does: fewer than `limit` and still a cursor.
    const end = Math.min(visible.length, start + this.pageSize)
    const next = end < visible.length ? Buffer.from(String(end)).toString('base64url') : ''
    return json(res, 200, {
      ok: true,
      channels: visible.slice(start, end).map((c) => ({
        ...c,
        is_channel: !c.is_private,
        is_group: c.is_private,
        is_archived: Boolean(c.is_archived),
        name_normalized: c.name,
      })),
      response_metadata: { next_cursor: next },
    })
  }

  private post(fields: Record<string, unknown>, token: Token, res: ServerResponse) {
    const channel = CHANNELS.find((c) => c.id === fields.channel || `#${c.name}` === fields.channel)
    if (!channel || (channel.is_private && !channel.is_member))
      return json(res, 200, { ok: false, error: 'channel_not_found' })
    if (channel.is_archived) return json(res, 200, { ok: false, error: 'is_archived' })
    if (!fields.text && !fields.blocks) return json(res, 200, { ok: false, error: 'no_text' })
    const blocks = typeof fields.blocks === 'string' ? JSON.parse(fields.blocks) : fields.blocks
    if (blocks !== undefined && (!Array.isArray(blocks) || blocks.length > 50))
      return json(res, 200, { ok: false, error: 'invalid_blocks' })
    this.seq += 1
    const ts = `${Math.floor(Date.now() / 1000)}.${String(this.seq).padStart(6, '0')}`
    const message: SlackMessage = {
      channel: channel.id,
      ts,
      text: String(fields.text ?? ''),
      blocks,
      team: token.team,
      ...(fields.thread_ts ? { thread_ts: String(fields.thread_ts) } : {}),
    }
    this.messages.push(message)
    return json(res, 200, {
      ok: true,
      channel: channel.id,
      ts,
      message: {
        type: 'message',
        text: message.text,
        bot_id: 'B0PARLEY001',
        ts,
        blocks,
        thread_ts: message.thread_ts,
      },
    })
  }

  private async access(req: IncomingMessage, fields: Record<string, unknown>, res: ServerResponse) {
    const basic = req.headers.authorization?.startsWith('Basic ')
      ? Buffer.from(req.headers.authorization.slice(6), 'base64').toString().split(':')
      : [String(fields.client_id ?? ''), String(fields.client_secret ?? '')]
    if (basic[0] !== this.clientId) return json(res, 200, { ok: false, error: 'invalid_client_id' })
    if (basic[1] !== this.clientSecret) return json(res, 200, { ok: false, error: 'bad_client_secret' })
    const grant = String(fields.grant_type ?? 'authorization_code')
    if (grant === 'refresh_token') {
      const refresh = this.refreshTokens.get(String(fields.refresh_token ?? ''))
      if (!refresh || refresh.used) return json(res, 200, { ok: false, error: 'invalid_refresh_token' })
      refresh.used = true // Slack revokes the refresh token it was given
      return json(res, 200, this.grant(refresh.team))
    }
    if (grant !== 'authorization_code') return json(res, 200, { ok: false, error: 'invalid_grant_type' })
    const code = this.codes.get(String(fields.code ?? ''))
    if (!code || code.used) return json(res, 200, { ok: false, error: 'invalid_code' })
    code.used = true
    if (code.redirectUri !== fields.redirect_uri)
      return json(res, 200, { ok: false, error: 'bad_redirect_uri' })
    if (code.challenge && (await sha256base64url(String(fields.code_verifier ?? ''))) !== code.challenge)
      return json(res, 200, { ok: false, error: 'invalid_code_verifier' })
    return json(res, 200, this.grant('T0PARLEY01'))
  }

  private grant(team: string) {
    const access = this.issueToken(team)
    const base = {
      ok: true,
      access_token: access,
      token_type: 'bot',
      scope: 'chat:write,chat:write.public,channels:read,groups:read',
      bot_user_id: 'U0PARLEYBOT',
      app_id: 'A0PARLEY001',
      team: { id: team, name: 'Parley Demo' },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: 'U0PARLEY01' },
    }
    if (!this.rotation) return base
    const refresh = `xoxe-1-${randomBytes(16).toString('hex')}`
    this.refreshTokens.set(refresh, { team, used: false })
    return { ...base, expires_in: this.tokenLifetime, refresh_token: refresh }
  }

  /** The consent screen: Allow redirects back with a code, Cancel with error=access_denied. */
  private authorize(req: IncomingMessage, url: URL, body: string, res: ServerResponse) {
    const params = req.method === 'POST' ? new URLSearchParams(body) : url.searchParams
    const redirectUri = params.get('redirect_uri') ?? ''
    const state = params.get('state') ?? ''
    if (params.get('client_id') !== this.clientId)
      return html(res, 400, page('Slack', '<p>invalid_client_id</p>'))
    if (req.method === 'POST') {
      const back = new URL(redirectUri)
      back.searchParams.set('state', state)
      if (params.get('decision') === 'allow') {
        const code = randomBytes(12).toString('hex')
        this.codes.set(code, {
          redirectUri,
          challenge: params.get('code_challenge') ?? undefined,
          used: false,
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
        'Allow Parley to access Slack',
        `<h1>Parley is requesting permission to access the Parley Demo Slack workspace</h1>
<p>Scopes: ${escapeHtml(params.get('scope') ?? '')}</p>
<form method="post">${hidden}<button name="decision" value="allow">Allow</button> <button name="decision" value="deny">Cancel</button></form>`,
      ),
    )
  }

  private control(url: URL, body: string, res: ServerResponse) {
    if (url.pathname === '/__fake/fail') {
      const input = JSON.parse(body || '{}') as {
        method?: string
        mode: FailureMode
        times?: number
        retryAfter?: number
        status?: number
        error?: string
      }
      this.failures.add(input)
      return json(res, 200, { ok: true, pending: this.failures.pending })
    }
    if (url.pathname === '/__fake/reset') {
      this.reset()
      return json(res, 200, { ok: true })
    }
    if (url.pathname === '/__fake/state')
      return json(res, 200, { messages: this.messages, requests: this.requests })
    const rows = this.messages
      .map(
        (m) =>
          `<tr><td>${escapeHtml(m.channel)}${m.thread_ts ? `<br>thread ${escapeHtml(m.thread_ts)}` : ''}</td><td><pre>${escapeHtml(m.text)}</pre></td><td>${escapeHtml(m.ts)}</td></tr>`,
      )
      .join('')
    const requests = this.requests
      .slice(-50)
      .reverse()
      .map(
        (r) =>
          `<tr><td>${escapeHtml(r.at)}</td><td>${escapeHtml(r.method)} ${escapeHtml(r.path)}</td><td class="${r.contract.errors.length ? 'bad' : ''}">${r.contract.errors.length ? escapeHtml(r.contract.errors.join('; ')) : 'fits the contract'}</td></tr>`,
      )
      .join('')
    return html(
      res,
      200,
      page(
        'Fake Slack',
        `<h1>Fake Slack</h1><h2>Messages received</h2>
<table><thead><tr><th>Channel</th><th>Text</th><th>ts</th></tr></thead><tbody>${rows || '<tr><td colspan="3">Nothing yet.</td></tr>'}</tbody></table>
<h2>Requests</h2><table><tbody>${requests || '<tr><td>None yet.</td></tr>'}</tbody></table>`,
      ),
    )
  }
}

export const startFakeSlack = (options?: FakeSlackOptions) => new FakeSlack(options).start()
