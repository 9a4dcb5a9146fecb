// The Google Sheets client and Parley's OAuth against the fake: requests checked against the vendored
// contract, Google's OAuth (offline access, no rotation, invalid_grant, revocation of the whole grant), and
// the pieces of a retry-safe append: a lost answer is retried, and the row id in column A is found.
import {
  AppHttpError,
  AppReconnectError,
  AppTokenExpiredError,
  apps,
  authorizeUrl,
  classifyAppError,
  exchangeCode,
  randomToken,
  refreshTokens,
  revokeToken,
  SheetsClient,
} from '@parley/supabase/apps'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_SPREADSHEET, FakeGoogleSheets } from '../src/index.ts'

const found = apps.find((a) => a.id === 'google-sheets')
if (found?.auth.type !== 'oauth2') throw new Error('the Google Sheets app is not registered')
const sheetsApp = found as typeof found & { auth: Extract<typeof found.auth, { type: 'oauth2' }> }
const fake = new FakeGoogleSheets()
const redirectUri = 'http://127.0.0.1:54321/functions/v1/apps/callback'

beforeAll(async () => {
  await fake.start()
  process.env.GOOGLE_SHEETS_BASE_URL = fake.url
  process.env.GOOGLE_CLIENT_ID = fake.clientId
  process.env.GOOGLE_CLIENT_SECRET = fake.clientSecret
})
afterAll(() => fake.stop())

async function connect() {
  const verifier = randomToken()
  const url = await authorizeUrl(sheetsApp, { state: randomToken(), verifier, redirectUri })
  const params = new URL(url).searchParams
  expect(params.get('scope')).toBe('https://www.googleapis.com/auth/spreadsheets')
  expect(params.get('access_type')).toBe('offline')
  params.set('decision', 'allow')
  const answer = await fetch(`${fake.url}/o/oauth2/v2/auth`, {
    method: 'POST',
    body: params,
    redirect: 'manual',
  })
  const code = new URL(answer.headers.get('location') as string).searchParams.get('code') as string
  return exchangeCode(sheetsApp, { code, verifier, redirectUri })
}

describe('Google Sheets', () => {
  it('connects offline, refreshes without rotation, and a revoked grant means "connect again"', async () => {
    const tokens = await connect()
    expect(tokens.refreshToken).toMatch(/^1\/\//)
    const refreshed = await refreshTokens(sheetsApp, tokens.refreshToken as string)
    expect(refreshed.refreshToken).toBe(tokens.refreshToken) // Google keeps the refresh token
    await revokeToken(sheetsApp, refreshed.accessToken)
    await expect(refreshTokens(sheetsApp, tokens.refreshToken as string)).rejects.toBeInstanceOf(
      AppReconnectError,
    )
    const client = new SheetsClient({ token: refreshed.accessToken, baseUrl: fake.url })
    await expect(client.sheetTitles(DEMO_SPREADSHEET)).rejects.toBeInstanceOf(AppTokenExpiredError)
  })

  it('appends as RAW text, finds its row id after a lost answer, and reads refusals in words', async () => {
    const client = new SheetsClient({ token: fake.issueToken(), baseUrl: fake.url, timeoutMs: 500 })
    expect(await client.sheetTitles(DEMO_SPREADSHEET)).toEqual(['Leads'])
    const rowId = `parley:${randomToken()}:1`
    fake.failures.add({ method: 'sheets.spreadsheets.values.append', mode: 'lost_answer' })
    const lost = await client
      .appendRow(DEMO_SPREADSHEET, 'Leads', [rowId, 'Ana', '=HYPERLINK("x")'])
      .catch((e) => e)
    expect(classifyAppError('Google Sheets', lost)).toMatchObject({ outcome: 'retry' })
    // the retry looks first: the row is there, so it is not appended again
    expect(await client.column(DEMO_SPREADSHEET, 'Leads', 'A')).toContain(rowId)
    expect(fake.rows().filter((r) => r[0] === rowId)).toEqual([[rowId, 'Ana', '=HYPERLINK("x")']])

    fake.failures.add({ method: 'sheets.spreadsheets.values.append', mode: 'rate_limit' })
    expect(
      classifyAppError(
        'Google Sheets',
        await client.appendRow(DEMO_SPREADSHEET, 'Leads', ['x']).catch((e) => e),
      ),
    ).toMatchObject({ outcome: 'retry' })
    const missing = await client.appendRow(DEMO_SPREADSHEET, 'Nope', ['x']).catch((e) => e)
    expect(missing).toBeInstanceOf(AppHttpError)
    expect(classifyAppError('Google Sheets', missing)).toEqual({
      outcome: 'dead',
      reason: "Google Sheets refused the request: Unable to parse range: 'Nope'",
    })
    for (const request of fake.requests) expect(request.contract.errors, request.path).toEqual([])
    expect(fake.requests.every((r) => r.auth === 'bearer')).toBe(true)
  })
})
