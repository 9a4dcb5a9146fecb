// The Slack client and Parley's OAuth against the fake Slack: every request checked against the vendored
// contract (method, path, auth, body), the OAuth dance with state and PKCE, rotation, a dead refresh token,
// revocation, and each failure read the way a job must end.
import {
  AppHttpError,
  AppReconnectError,
  AppTimeoutError,
  AppTokenExpiredError,
  apps,
  authorizeUrl,
  classifyAppError,
  exchangeCode,
  randomToken,
  refreshTokens,
  revokeToken,
  SlackClient,
} from '@parley/supabase/apps'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { FakeSlack } from '../src/index.ts'

const slackApp = apps.find((a) => a.id === 'slack')
if (slackApp?.auth.type !== 'oauth2') throw new Error('the Slack app is not registered')
const slack = slackApp as typeof slackApp & { auth: Extract<typeof slackApp.auth, { type: 'oauth2' }> }
const fake = new FakeSlack()
const redirectUri = 'http://127.0.0.1:54321/functions/v1/apps/oauth/callback'

beforeAll(async () => {
  await fake.start()
  process.env.SLACK_BASE_URL = fake.url
  process.env.SLACK_CLIENT_ID = fake.clientId
  process.env.SLACK_CLIENT_SECRET = fake.clientSecret
})
afterAll(() => fake.stop())
beforeEach(() => fake.reset())

/** Goes through the consent page as a person would: open the authorize URL, press Allow. */
async function consent(url: string): Promise<URL> {
  const page = await fetch(url)
  expect(page.status).toBe(200)
  expect(await page.text()).toContain('Allow')
  const params = new URL(url).searchParams
  params.set('decision', 'allow')
  const answer = await fetch(url.split('?')[0] as string, {
    method: 'POST',
    body: params,
    redirect: 'manual',
  })
  expect(answer.status).toBe(302)
  return new URL(answer.headers.get('location') as string)
}

const client = (token: string) => new SlackClient({ token, baseUrl: fake.url, timeoutMs: 500 })

function expectContractKept() {
  expect(fake.requests.length).toBeGreaterThan(0)
  for (const request of fake.requests) expect(request.contract.errors, `${request.path}`).toEqual([])
}

describe('Slack OAuth', () => {
  it('exchanges a code with state and PKCE, and the tokens rotate', async () => {
    const state = randomToken()
    const verifier = randomToken()
    const url = await authorizeUrl(slack, { state, verifier, redirectUri })
    expect(new URL(url).searchParams.get('scope')).toBe(
      'chat:write,chat:write.public,channels:read,groups:read',
    )
    const back = await consent(url)
    expect(back.searchParams.get('state')).toBe(state)
    const code = back.searchParams.get('code') as string

    const tokens = await exchangeCode(slack, { code, verifier, redirectUri })
    expect(tokens.accessToken).toMatch(/^xoxe\.xoxb-/)
    expect(tokens.refreshToken).toMatch(/^xoxe-1-/)
    expect(tokens.expiresAt).toBeGreaterThan(Date.now() + 43_000_000)
    expect(tokens.accountLabel).toBe('Parley Demo')
    // the code is single-use
    await expect(exchangeCode(slack, { code, verifier, redirectUri })).rejects.toThrow(/invalid_code/)

    const refreshed = await refreshTokens(slack, tokens.refreshToken as string)
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken)
    expect((await client(refreshed.accessToken).authTest()).team_id).toBe('T0PARLEY01')
    // a spent refresh token is never good again: the store must reconnect
    await expect(refreshTokens(slack, tokens.refreshToken as string)).rejects.toBeInstanceOf(
      AppReconnectError,
    )
    expectContractKept()
  })

  it('refuses a code exchanged with another verifier', async () => {
    const url = await authorizeUrl(slack, { state: randomToken(), verifier: randomToken(), redirectUri })
    const code = (await consent(url)).searchParams.get('code') as string
    await expect(exchangeCode(slack, { code, verifier: randomToken(), redirectUri })).rejects.toBeInstanceOf(
      AppHttpError,
    )
  })

  it('reads invalid_grant, in both of the ways Slack may say it, as "connect again"', async () => {
    const refresh = (await refreshTokensFromConsent()).refreshToken as string
    fake.failures.add({ method: 'oauth.v2.access', mode: 'invalid_grant' })
    await expect(refreshTokens(slack, refresh)).rejects.toBeInstanceOf(AppReconnectError)
    fake.failures.add({ method: 'oauth.v2.access', mode: 'invalid_grant', status: 400 })
    const error = await refreshTokens(slack, refresh).catch((e) => e)
    expect(error).toBeInstanceOf(AppReconnectError)
    expect(classifyAppError('Slack', error)).toMatchObject({
      outcome: 'dead',
      reason: expect.stringContaining('connected again on the Integrations page'),
    })
  })

  it('revokes the token on disconnect', async () => {
    const token = fake.issueToken()
    await revokeToken(slack, token)
    await expect(client(token).authTest()).rejects.toBeInstanceOf(AppReconnectError)
    // revoking a dead token again is fine
    await revokeToken(slack, token)
    expectContractKept()
  })
})

async function refreshTokensFromConsent() {
  const verifier = randomToken()
  const url = await authorizeUrl(slack, { state: randomToken(), verifier, redirectUri })
  const code = (await consent(url)).searchParams.get('code') as string
  return exchangeCode(slack, { code, verifier, redirectUri })
}

describe('Slack client', () => {
  it('lists every channel through short pages, and posts with blocks and in threads', async () => {
    const api = client(fake.issueToken())
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await api.listChannels(cursor)
      seen.push(...page.channels.map((c) => c.name))
      cursor = page.nextCursor || undefined
    } while (cursor)
    expect(seen).toContain('vip-customers') // private, the bot is in it
    expect(seen).not.toContain('board') // private, the bot is not
    expect(seen).not.toContain('old-support') // archived
    expect(seen).toHaveLength(10)

    const first = await api.postMessage({ channel: 'C0SUPPORT01', text: 'Ana <a@b.c> needs help & fast' })
    await api.postMessage({ channel: 'C0SUPPORT01', text: 'Follow-up', thread_ts: first.ts })
    expect(fake.messages.map((m) => [m.text, m.thread_ts])).toEqual([
      ['Ana <a@b.c> needs help & fast', undefined],
      ['Follow-up', first.ts],
    ])
    expectContractKept()
    expect(fake.requests.every((r) => r.auth === 'bearer')).toBe(true)
  })

  it('ends jobs the right way: 429 waits Retry-After, 5xx and timeouts retry, refusals are dead in words', async () => {
    const api = client(fake.issueToken())
    const post = () => api.postMessage({ channel: 'C0SUPPORT01', text: 'hi' }).catch((e) => e)

    fake.failures.add({ method: 'chat.postMessage', mode: 'rate_limit', retryAfter: 7 })
    expect(classifyAppError('Slack', await post())).toEqual({
      outcome: 'retry',
      seconds: 7,
      reason: 'Slack asked Parley to slow down (too many requests)',
    })
    fake.failures.add({ method: 'chat.postMessage', mode: 'server_error', status: 502 })
    expect(classifyAppError('Slack', await post())).toEqual({
      outcome: 'retry',
      reason: 'Slack had trouble (error 502: service_unavailable)',
    })
    fake.failures.add({ method: 'chat.postMessage', mode: 'timeout' })
    const timeout = await post()
    expect(timeout).toBeInstanceOf(AppTimeoutError)
    expect(classifyAppError('Slack', timeout)).toMatchObject({ outcome: 'retry' })
    fake.failures.add({ method: 'chat.postMessage', mode: 'token_expired' })
    expect(await post()).toBeInstanceOf(AppTokenExpiredError)

    const missing = await api.postMessage({ channel: 'G0SECRET001', text: 'hi' }).catch((e) => e)
    expect(classifyAppError('Slack', missing)).toEqual({
      outcome: 'dead',
      reason:
        'Slack refused the request: channel_not_found (the channel does not exist, or it is private and the app is not in it)',
    })
    expect(fake.messages).toHaveLength(0)
  })
})
