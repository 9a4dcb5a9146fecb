// OAuth 2 done once for every app: authorization code with `state` and PKCE (S256), the code exchange,
// refresh (the new refresh token replaces the old one: rotating apps revoke what was spent) and revocation.
// Client credentials go as HTTP Basic. Errors: invalid_grant / invalid_refresh_token mean the store must
// connect again (AppReconnectError); others are AppHttpError in the app's words.

import { env } from '../env.ts'
import type { AppDefinition, OAuth2Auth } from './define.ts'
import { AppHttpError, AppReconnectError } from './errors.ts'
import { send } from './transport.ts'

export interface TokenSet {
  accessToken: string
  refreshToken?: string
  /** Epoch ms; undefined: the token does not expire. */
  expiresAt?: number
  /** What the app says about the account (Slack's team name), shown on the Integrations page. */
  accountLabel?: string
}

type OAuthApp = Pick<AppDefinition, 'id' | 'name' | 'defaultBaseUrl'> & { auth: OAuth2Auth }

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')

/** A random URL-safe string (state, verifier): 32 bytes of entropy. */
export const randomToken = () => base64url(crypto.getRandomValues(new Uint8Array(32)))

export async function pkceChallenge(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))))
}

/** Where the app's URLs point: <APP>_BASE_URL (the fake in dev and tests) replaces their origin. */
export function appUrl(app: Pick<AppDefinition, 'auth' | 'defaultBaseUrl'>, url: string): string {
  const override = app.auth.baseUrlEnv && env(app.auth.baseUrlEnv)
  if (!override) return url
  const parsed = new URL(url)
  return `${override.replace(/\/$/, '')}${parsed.pathname}${parsed.search}`
}

export function clientCredentials(app: OAuthApp): { clientId: string; clientSecret: string } {
  const clientId = env(app.auth.clientIdEnv)
  const clientSecret = env(app.auth.clientSecretEnv)
  if (!clientId || !clientSecret)
    throw new Error(
      `${app.name} has no OAuth client: set ${app.auth.clientIdEnv} and ${app.auth.clientSecretEnv}`,
    )
  return { clientId, clientSecret }
}

export async function authorizeUrl(
  app: OAuthApp,
  input: { state: string; verifier: string; redirectUri: string },
): Promise<string> {
  const url = new URL(appUrl(app, app.auth.authorizeUrl))
  url.searchParams.set('client_id', clientCredentials(app).clientId)
  url.searchParams.set('response_type', 'code')
  url.searchParams.set('scope', app.auth.scopes.join(app.auth.scopeSeparator))
  url.searchParams.set('redirect_uri', input.redirectUri)
  url.searchParams.set('state', input.state)
  url.searchParams.set('code_challenge', await pkceChallenge(input.verifier))
  url.searchParams.set('code_challenge_method', 'S256')
  for (const [name, value] of Object.entries(app.auth.authorizeParams ?? {}))
    url.searchParams.set(name, value)
  return url.toString()
}

async function tokenRequest(
  app: OAuthApp,
  form: Record<string, string>,
  fetcher?: typeof fetch,
): Promise<TokenSet> {
  const { clientId, clientSecret } = clientCredentials(app)
  const tokenUrl = new URL(appUrl(app, app.auth.tokenUrl))
  const response = await send(
    { app: app.name, baseUrl: tokenUrl.origin, fetch: fetcher },
    `${tokenUrl.pathname}${tokenUrl.search}`,
    {
      method: 'POST',
      headers: {
        ...(app.auth.clientAuth === 'body'
          ? {}
          : { Authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}` }),
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: new URLSearchParams(
        app.auth.clientAuth === 'body' ? { ...form, client_id: clientId, client_secret: clientSecret } : form,
      ),
    },
  )
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>
  // Slack answers errors with HTTP 200 and ok:false; the others with 400 and an OAuth error.
  const error = typeof body.error === 'string' ? body.error : body.ok === false ? 'unknown_error' : undefined
  if (error || !response.ok) {
    const code = error ?? `HTTP ${response.status}`
    if (code === 'invalid_grant' || code === 'invalid_refresh_token' || code === 'token_revoked')
      throw new AppReconnectError(app.name, code)
    const description = typeof body.error_description === 'string' ? `: ${body.error_description}` : ''
    throw new AppHttpError(app.name, response.ok ? 400 : response.status, `${code}${description}`)
  }
  if (typeof body.access_token !== 'string')
    throw new AppHttpError(app.name, 502, 'no access_token in the answer')
  const team = body.team as { name?: unknown } | null | undefined
  return {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
    expiresAt: typeof body.expires_in === 'number' ? Date.now() + body.expires_in * 1000 : undefined,
    accountLabel: typeof team?.name === 'string' ? team.name : undefined,
  }
}

export function exchangeCode(
  app: OAuthApp,
  input: { code: string; verifier: string; redirectUri: string },
  fetcher?: typeof fetch,
): Promise<TokenSet> {
  return tokenRequest(
    app,
    {
      grant_type: 'authorization_code',
      code: input.code,
      redirect_uri: input.redirectUri,
      code_verifier: input.verifier,
    },
    fetcher,
  )
}

export async function refreshTokens(
  app: OAuthApp,
  refreshToken: string,
  fetcher?: typeof fetch,
): Promise<TokenSet> {
  const tokens = await tokenRequest(
    app,
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    fetcher,
  )
  // An app that does not rotate keeps the refresh token it had.
  return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken }
}

/** Revokes a token at the app (disconnect). Slack answers `{ok:false}` with HTTP 200 when it fails. */
export async function revokeToken(app: OAuthApp, token: string, fetcher?: typeof fetch): Promise<void> {
  const revoke = app.auth.revoke
  if (!revoke) return
  const url = new URL(appUrl(app, revoke.url))
  const response = await send(
    { app: app.name, baseUrl: url.origin, fetch: fetcher },
    `${url.pathname}${url.search}`,
    revoke.token === 'bearer'
      ? { method: 'POST', headers: { Authorization: `Bearer ${token}` } }
      : {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(
            app.auth.clientAuth === 'body'
              ? {
                  token,
                  client_id: clientCredentials(app).clientId,
                  client_secret: clientCredentials(app).clientSecret,
                }
              : { token },
          ),
        },
  )
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>
  // An already dead token is as good as revoked.
  const error = typeof body.error === 'string' ? body.error : undefined
  if (
    (!response.ok || body.ok === false) &&
    !['invalid_auth', 'token_revoked', 'invalid_token'].includes(error ?? '')
  )
    throw new AppHttpError(app.name, response.status, error ?? `HTTP ${response.status}`)
}
