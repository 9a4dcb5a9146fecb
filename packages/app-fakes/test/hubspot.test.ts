// The HubSpot client and Parley's OAuth against the fake: the client credentials in the token request's
// body, every request on a contract path with a bearer token, the contact upserted by e-mail (twice is
// still one contact), a deal and a note associated with it, values as strings, and refusals in words.
import {
  AppReconnectError,
  apps,
  authorizeUrl,
  classifyAppError,
  exchangeCode,
  HubSpotClient,
  hubspotProperties,
  randomToken,
  refreshTokens,
} from '@parley/supabase/apps'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FakeHubSpot } from '../src/index.ts'

const found = apps.find((a) => a.id === 'hubspot')
if (found?.auth.type !== 'oauth2') throw new Error('the HubSpot app is not registered')
const hubspotApp = found as typeof found & { auth: Extract<typeof found.auth, { type: 'oauth2' }> }
const fake = new FakeHubSpot()
const redirectUri = 'http://127.0.0.1:54321/functions/v1/apps/callback'

beforeAll(async () => {
  await fake.start()
  process.env.HUBSPOT_BASE_URL = fake.url
  process.env.HUBSPOT_CLIENT_ID = fake.clientId
  process.env.HUBSPOT_CLIENT_SECRET = fake.clientSecret
})
afterAll(() => fake.stop())

describe('HubSpot', () => {
  it('connects with the client credentials in the body; a dead refresh token means "connect again"', async () => {
    const verifier = randomToken()
    const params = new URL(await authorizeUrl(hubspotApp, { state: randomToken(), verifier, redirectUri }))
      .searchParams
    params.set('decision', 'allow')
    const answer = await fetch(`${fake.url}/oauth/authorize`, {
      method: 'POST',
      body: params,
      redirect: 'manual',
    })
    const code = new URL(answer.headers.get('location') as string).searchParams.get('code') as string
    const tokens = await exchangeCode(hubspotApp, { code, verifier, redirectUri })
    expect(tokens.refreshToken).toMatch(/^na1-/)
    expect(tokens.expiresAt).toBeGreaterThan(Date.now() + 1_700_000)
    expect((await refreshTokens(hubspotApp, tokens.refreshToken as string)).accessToken).not.toBe(
      tokens.accessToken,
    )
    fake.failures.add({ method: 'token', mode: 'invalid_grant' })
    await expect(refreshTokens(hubspotApp, tokens.refreshToken as string)).rejects.toBeInstanceOf(
      AppReconnectError,
    )
  })

  it('upserts the contact by e-mail, then a deal and a note associated with it', async () => {
    const client = new HubSpotClient({ token: fake.issueToken(), baseUrl: fake.url })
    const properties = hubspotProperties({ firstname: 'Ana', parley_lead_score: 80, phone: null })
    expect(properties).toEqual({ firstname: 'Ana', parley_lead_score: '80' })
    const first = await client.upsertContact('Ana@Example.com', properties)
    const again = await client.upsertContact('ana@example.com', { parley_sentiment: '-0.4' })
    expect(again).toEqual({ id: first.id, created: false })
    expect(fake.of('contacts')).toHaveLength(1)
    expect(fake.of('contacts')[0]?.properties).toMatchObject({
      email: 'ana@example.com',
      firstname: 'Ana',
      parley_sentiment: '-0.4',
    })

    const deal = await client.createDeal(first.id, {
      dealname: 'Chat lead: Ana',
      pipeline: 'default',
      dealstage: 'appointmentscheduled',
    })
    await client.createNote('Asked about tents', first.id, deal)
    expect(fake.of('deals')[0]?.associations).toEqual([{ to: first.id, typeId: 3 }])
    expect(fake.of('notes')[0]?.associations).toEqual([
      { to: first.id, typeId: 202 },
      { to: deal, typeId: 214 },
    ])
    for (const request of fake.requests) {
      expect(request.contract.errors, request.path).toEqual([])
      expect(request.auth).toBe('bearer')
    }

    fake.failures.add({ method: 'deals.create', mode: 'rate_limit' })
    expect(classifyAppError('HubSpot', await client.createDeal(first.id, {}).catch((e) => e))).toMatchObject({
      outcome: 'retry',
    })
    fake.failures.add({
      method: 'deals.create',
      mode: 'error',
      error: 'Property values were not valid: dealstage',
    })
    expect(classifyAppError('HubSpot', await client.createDeal(first.id, {}).catch((e) => e))).toEqual({
      outcome: 'dead',
      reason: 'HubSpot refused the request: Property values were not valid: dealstage',
    })
  })
})
