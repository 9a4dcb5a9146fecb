import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_SPREADSHEET, FakeGoogleSheets, FakeSlack } from '../../app-fakes/src/index.ts'
import { testDatabaseUrl } from '../src/testing.ts'
import {
  demoStore,
  encryptSecret,
  type HandoffStack,
  startHandoffStack,
} from './fixtures/chatwoot-handoff.ts'

// Connected apps through the real functions, dispatcher and database, against the fake Slack: an owner
// connects Slack (state + PKCE, the callback stores the tokens encrypted), an agent may not; jobs post
// with the store's token, refresh it before expiry and on token_expired under one lease (two jobs at once
// spend the rotating refresh token once); a dead refresh token puts the connection in "reconnect" and the
// job dies in words; disconnecting revokes the token at Slack.

const engines = [
  { name: 'PGlite', databaseUrl: undefined },
  ...(testDatabaseUrl ? [{ name: 'PostgreSQL', databaseUrl: testDatabaseUrl }] : []),
]
const owner = { email: 'demo@parley.dev', password: 'parley-demo-2026' }
const agent = { email: 'agent@parley.dev', password: 'parley-demo-2026' }

describe.each(engines)('Connected apps on $name', ({ databaseUrl }) => {
  let h: HandoffStack
  const slack = new FakeSlack()
  const sheets = new FakeGoogleSheets()

  beforeAll(async () => {
    await slack.start()
    await sheets.start()
    h = await startHandoffStack({
      databaseUrl,
      delayScale: 0.01,
      env: [
        `SLACK_BASE_URL=${slack.url}`,
        `SLACK_CLIENT_ID=${slack.clientId}`,
        `SLACK_CLIENT_SECRET=${slack.clientSecret}`,
        'PARLEY_DASHBOARD_URL=http://dashboard.test',
        `GOOGLE_SHEETS_BASE_URL=${sheets.url}`,
        `GOOGLE_CLIENT_ID=${sheets.clientId}`,
        `GOOGLE_CLIENT_SECRET=${sheets.clientSecret}`,
      ],
    })
  }, 120_000)
  afterAll(async () => {
    await h?.stop()
    await slack.stop()
    await sheets.stop()
  })

  const sql = async (text: string) => (await h.stack.db.pool.query(text)).rows
  const connection = async () =>
    (
      await sql(
        `select status, credentials_encrypted, refresh_token_encrypted, expires_at, account_label, last_error
           from public.integrations where store_id = '${demoStore}' and provider = 'slack'`,
      )
    )[0]
  async function signedIn(who: { email: string; password: string }) {
    const c = h.client()
    const { error } = await c.auth.signInWithPassword(who)
    if (error) throw error
    return c
  }
  /** Runs the outbox until the job is finished (done or dead), as the scheduler would. */
  async function finished(id: number) {
    for (let i = 0; i < 40; i++) {
      await h.runOutbox()
      const [job] = await h.jobs((j) => j.id === id)
      if (job && (job.status === 'done' || job.status === 'dead')) return job
    }
    throw new Error(`job ${id} did not finish`)
  }
  async function post(text: string, sessionId: string | null = null) {
    const { data, error } = await h.service.rpc('enqueue_outbox', {
      p_store_id: demoStore,
      p_topic: 'slack.post_message',
      p_payload: {
        store_id: demoStore,
        workflow_id: randomUUID(),
        run_id: randomUUID(),
        step: 1,
        node_id: 'n1',
        session_id: sessionId,
        contact_id: null,
        text,
        channel: null,
        thread: true,
      },
    })
    if (error) throw error
    return data as number
  }

  it('an owner connects Slack through the consent screen; the tokens are stored encrypted; an agent may not', async () => {
    const refused = await (await signedIn(agent)).functions.invoke('apps/connect', {
      body: { store_id: demoStore, app: 'slack' },
    })
    expect(refused.error?.context.status).toBe(403)

    const ownerClient = await signedIn(owner)
    const { data, error } = await ownerClient.functions.invoke('apps/connect', {
      body: { store_id: demoStore, app: 'slack' },
    })
    if (error) throw error
    const authorize = new URL((data as { authorize_url: string }).authorize_url)
    expect(authorize.origin).toBe(slack.url)
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
    const params = authorize.searchParams
    params.set('decision', 'allow')
    const consent = await fetch(`${slack.url}/oauth/v2/authorize`, {
      method: 'POST',
      body: params,
      redirect: 'manual',
    })
    const callback = consent.headers.get('location') as string
    expect(callback).toContain('/functions/v1/apps/callback?')
    const back = await fetch(callback, { redirect: 'manual' })
    expect(back.status).toBe(303)
    expect(back.headers.get('location')).toBe(
      `http://dashboard.test/stores/${demoStore}/integrations?connected=slack`,
    )
    // the state is spent: the same callback again is refused without a 500
    expect((await fetch(callback, { redirect: 'manual' })).status).toBe(400)

    const row = await connection()
    expect(row).toMatchObject({ status: 'connected', account_label: 'Parley Demo' })
    expect(row.credentials_encrypted).toMatch(/^v1\./)
    expect(row.credentials_encrypted).not.toContain('xox')
    expect(row.refresh_token_encrypted).toMatch(/^v1\./)
    expect(Date.parse(row.expires_at)).toBeGreaterThan(Date.now() + 40_000_000)
  }, 60_000)

  it('posts with blocks linking back, follows up in the thread, and honours the channel setting', async () => {
    await sql(`update public.integrations set config = '{"default_channel": "C0SUPPORT01"}'
      where store_id = '${demoStore}' and provider = 'slack'`)
    const session = (
      await sql(`select id from public.chat_sessions where store_id = '${demoStore}' limit 1`)
    )[0]?.id
    const first = await finished(await post('Ana needs help', session))
    expect(first.status).toBe('done')
    const second = await finished(await post('Ana wrote again', session))
    expect(second.status).toBe('done')
    const [a, b] = slack.messages.slice(-2)
    expect(a?.channel).toBe('C0SUPPORT01')
    expect(JSON.stringify(a?.blocks)).toContain(
      `http://dashboard.test/stores/${demoStore}/conversations?session=${session}`,
    )
    expect(b?.thread_ts).toBe(a?.ts)
    expect(slack.requests.filter((r) => r.contract.errors.length)).toEqual([])
  }, 60_000)

  it('refreshes under one lease: two jobs meeting an expiring token spend the refresh token once', async () => {
    const before = await connection()
    await sql(`update public.integrations set expires_at = now() + interval '1 minute'
      where store_id = '${demoStore}' and provider = 'slack'`)
    const refreshes = () => slack.requests.filter((r) => r.path === '/oauth.v2.access').length
    const spent = refreshes()
    const ids = [await post('one'), await post('two')]
    for (const id of ids) expect((await finished(id)).status).toBe('done')
    expect(refreshes() - spent).toBe(1)
    const after = await connection()
    expect(after.refresh_token_encrypted).not.toBe(before.refresh_token_encrypted)
    expect(Date.parse(after.expires_at)).toBeGreaterThan(Date.now() + 40_000_000)

    // Slack refusing the token as expired mid-life: refreshed once, then posted
    const failed = slack.messages.length
    slack.failures.add({ method: 'chat.postMessage', mode: 'token_expired' })
    expect((await finished(await post('three'))).status).toBe('done')
    expect(slack.messages.length).toBe(failed + 1)
  }, 90_000)

  it('a dead refresh token: the connection asks to reconnect and the job dies in words', async () => {
    await sql(
      `update public.integrations set expires_at = now() where store_id = '${demoStore}' and provider = 'slack'`,
    )
    slack.failures.add({ method: 'oauth.v2.access', mode: 'invalid_grant' })
    const job = await finished(await post('lost'))
    expect(job.status).toBe('dead')
    expect(job.last_error).toContain('Slack needs to be connected again on the Integrations page')
    expect(await connection()).toMatchObject({ status: 'reconnect' })
  }, 60_000)

  it('disconnecting revokes the token at Slack and forgets it', async () => {
    await sql(
      `update public.integrations set status = 'connected' where store_id = '${demoStore}' and provider = 'slack'`,
    )
    const revokes = slack.requests.filter((r) => r.path === '/auth.revoke').length
    const { data, error } = await (await signedIn(owner)).functions.invoke('apps/disconnect', {
      body: { store_id: demoStore, app: 'slack' },
    })
    if (error) throw error
    expect(data).toEqual({ disconnected: true, revoked: true })
    expect(slack.requests.filter((r) => r.path === '/auth.revoke').length).toBe(revokes + 1)
    expect(await connection()).toMatchObject({ status: 'disconnected', credentials_encrypted: null })
    const job = await finished(await post('after'))
    expect(job.last_error).toBe('Slack is not connected: connect it on the Integrations page')
  }, 60_000)

  it('Google Sheets: an append whose answer was lost is retried without a second row', async () => {
    await sql(`update public.integrations set status = 'connected', config = '{"spreadsheet_id": "${DEMO_SPREADSHEET}", "sheet": "Leads"}',
      credentials_encrypted = '${encryptSecret(h.key, sheets.issueToken())}', expires_at = now() + interval '1 hour'
      where store_id = '${demoStore}' and provider = 'google-sheets'`)
    sheets.failures.add({ method: 'sheets.spreadsheets.values.append', mode: 'lost_answer' })
    const run = randomUUID()
    const { data: id, error } = await h.service.rpc('enqueue_outbox', {
      p_store_id: demoStore,
      p_topic: 'google_sheets.append_row',
      p_payload: {
        store_id: demoStore,
        workflow_id: randomUUID(),
        run_id: run,
        step: 2,
        node_id: 'sheet',
        session_id: null,
        contact_id: null,
        cells: ['Ana', 'ana@example.com'],
        sheet: null,
      },
    })
    if (error) throw error
    const job = await finished(id as number)
    expect(job).toMatchObject({ status: 'done', attempts: 2 })
    expect(sheets.rows().filter((r) => r[0] === `parley:${run}:2`)).toEqual([
      [`parley:${run}:2`, 'Ana', 'ana@example.com'],
    ])
    expect(sheets.requests.filter((r) => r.contract.errors.length)).toEqual([])
  }, 60_000)
})
