#!/usr/bin/env node
// `pnpm dev`: the devstack (database, PostgREST, auth, functions), the chat widget's build (watched) and
// the dashboard, with the demo store.
// Ports: DEVSTACK_API_PORT (54321), DEVSTACK_DB_PORT (54322), DASHBOARD_PORT (3000).
// DATABASE_URL: run on a PostgreSQL server instead of the embedded PGlite.
// CHATWOOT_URL + CHATWOOT_PLATFORM_TOKEN: a real Chatwoot; without them the fake Chatwoot runs on
// CHATWOOT_FAKE_PORT (3400). Either way the functions get them through DEVSTACK_FUNCTIONS_ENV_FILE.
// STRIPE_SECRET_KEY + STRIPE_WEBHOOK_SECRET: Stripe (test mode); without them the fake Stripe runs on
// STRIPE_FAKE_PORT (3500) and delivers its webhooks to the local stripe-webhook function.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseEnv } from 'node:util'

const root = fileURLToPath(new URL('..', import.meta.url))
const apiPort = process.env.DEVSTACK_API_PORT ?? '54321'
const dashboardPort = process.env.DASHBOARD_PORT ?? '3000'
const apiUrl = `http://127.0.0.1:${apiPort}`
const children = []

function run(name, command, args, env = {}, cwd = '.') {
  const child = spawn(command, args, {
    cwd: `${root}/${cwd}`,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  })
  child.on('exit', (code, signal) => {
    if (stopping) return
    console.error(`\n${name} exited (${signal ?? code}); stopping.`)
    stop(code ?? 1)
  })
  children.push(child)
  return child
}

let stopping = false
function stop(code = 0) {
  stopping = true
  for (const child of children) child.kill('SIGTERM')
  setTimeout(() => process.exit(code), 1500).unref()
}
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))
// However this process ends (a start that timed out included), nothing it started outlives it.
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
})

async function waitFor(url, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    // Something else failed and we are stopping: go no further (no "Parley is up", no addresses written).
    if (stopping) await new Promise(() => {})
    const ok = await fetch(url).then(
      (r) => r.status < 500,
      () => false,
    )
    if (ok) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`${what} did not come up at ${url} within ${timeoutMs / 1000} s`)
}

/**
 * Starts a long-running child and resolves with the first match of `ready` in its output, which is
 * passed through from then on; resolves with null if the child exits before printing it.
 */
function startUntil(name, args, ready) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    const onData = (chunk) => {
      out += chunk
      const match = ready.exec(out)
      if (!match) return
      child.stdout.off('data', onData)
      process.stdout.write(out)
      child.stdout.pipe(process.stdout)
      child.on('exit', (code, signal) => {
        if (stopping) return
        console.error(`\n${name} exited (${signal ?? code}); stopping.`)
        stop(code ?? 1)
      })
      children.push(child)
      resolve(match)
    }
    child.stdout.on('data', onData)
    child.once('exit', () => {
      if (!ready.test(out)) {
        process.stdout.write(out)
        resolve(null)
      }
    })
  })
}

/** Starts the fake Chatwoot and resolves with its URL (a busy port falls back to a free one). */
async function startFakeChatwoot(port, token) {
  const args = [
    'packages/chatwoot-fake/bin/fake-chatwoot.mjs',
    '--port',
    String(port),
    '--platform-token',
    token,
  ]
  const started = await startUntil('fake Chatwoot', args, /Fake Chatwoot on (\S+)/)
  if (started?.[1]) return started[1]
  if (port !== 0) return startFakeChatwoot(0, token)
  throw new Error('the fake Chatwoot did not start')
}

/** Starts the dev inbox (a real SMTP server and its page) unless EMAIL_SMTP_URL or EMAIL_HTTP_URL is given. */
async function startSmtpInbox() {
  const started = await startUntil(
    'SMTP inbox',
    ['packages/smtp-inbox/bin/smtp-inbox.mjs'],
    /SMTP inbox: (\S+), read it at (\S+)/,
  )
  if (!started) throw new Error('the SMTP inbox did not start')
  return { smtpUrl: started[1], inboxUrl: started[2] }
}

/** Starts the connected apps' fakes (packages/app-fakes) and resolves with their URLs. */
async function startFakeApps(port) {
  process.env.SLACK_FAKE_PORT = String(port)
  process.env.GOOGLE_SHEETS_FAKE_PORT = String(port && port + 1)
  process.env.HUBSPOT_FAKE_PORT = String(port && port + 2)
  process.env.CALCOM_FAKE_PORT = port ? (process.env.CALCOM_FAKE_PORT ?? String(port + 3)) : '0'
  const started = await startUntil(
    'fake apps',
    ['packages/app-fakes/bin/fake-apps.mjs'],
    /Fake Cal\.com on (\S+) \(API key (\S+)\)[^\n]*\nFake HubSpot on (\S+)[^\n]*\nFake Google Sheets on (\S+)[^\n]*\nFake Slack on (\S+)/,
  )
  if (started?.[5])
    return {
      calcom: started[1],
      calcomKey: started[2],
      hubspot: started[3],
      sheets: started[4],
      slack: started[5],
    }
  if (port !== 0) return startFakeApps(0)
  throw new Error('the fake apps did not start')
}

/** Starts the fake Stripe, delivering webhooks to `webhookUrl`, and resolves with its URL. */
async function startFakeStripe(port, webhookUrl, webhookSecret) {
  const args = [
    'packages/stripe-fake/bin/fake-stripe.mjs',
    '--port',
    String(port),
    '--webhook-url',
    webhookUrl,
    '--webhook-secret',
    webhookSecret,
  ]
  const started = await startUntil('fake Stripe', args, /Fake Stripe on (\S+)/)
  if (started?.[1]) return started[1]
  if (port !== 0) return startFakeStripe(0, webhookUrl, webhookSecret)
  throw new Error('the fake Stripe did not start')
}

const started = Date.now()

// The functions' own settings: Chatwoot's URL and platform token, and an encryption key for the secrets
// kept at rest (generated once, reused across restarts so stored tokens stay readable).
const envFile = process.env.DEVSTACK_DATA_DIR
  ? `${process.env.DEVSTACK_DATA_DIR.replace(/\/+$/, '')}-functions.env`
  : join(root, '.data/functions.env')
const previous = existsSync(envFile) ? parseEnv(readFileSync(envFile, 'utf8')) : {}
const encryptionKey =
  process.env.PARLEY_ENCRYPTION_KEY ?? previous.PARLEY_ENCRYPTION_KEY ?? randomBytes(32).toString('base64')
// Rotating it: start with the new PARLEY_ENCRYPTION_KEY; the one it replaces stays readable as
// PARLEY_ENCRYPTION_KEY_PREVIOUS until `pnpm devstack rotate-secrets` has moved every secret (then start with
// PARLEY_ENCRYPTION_KEY_PREVIOUS= to drop it).
const previousKey =
  process.env.PARLEY_ENCRYPTION_KEY_PREVIOUS ??
  (previous.PARLEY_ENCRYPTION_KEY && previous.PARLEY_ENCRYPTION_KEY !== encryptionKey
    ? previous.PARLEY_ENCRYPTION_KEY
    : previous.PARLEY_ENCRYPTION_KEY_PREVIOUS)
const fakeChatwoot = !process.env.CHATWOOT_URL
const platformToken = fakeChatwoot ? 'dev-platform-token' : (process.env.CHATWOOT_PLATFORM_TOKEN ?? '')
const chatwootUrl = fakeChatwoot
  ? await startFakeChatwoot(Number(process.env.CHATWOOT_FAKE_PORT ?? 3400), platformToken)
  : process.env.CHATWOOT_URL
// Email (scheduled reports): the local inbox unless a real provider is given.
const inbox = process.env.EMAIL_SMTP_URL || process.env.EMAIL_HTTP_URL ? null : await startSmtpInbox()
// Connected apps: the fakes, whose pages show what they received, for the apps without real credentials.
// (Cal.com has no client credentials: a store pastes its API key; CALCOM_BASE_URL points at a real one.)
const fakeApps =
  process.env.SLACK_CLIENT_ID &&
  process.env.GOOGLE_CLIENT_ID &&
  process.env.HUBSPOT_CLIENT_ID &&
  process.env.CALCOM_BASE_URL
    ? undefined
    : await startFakeApps(Number(process.env.SLACK_FAKE_PORT ?? 3410))
const appSettings = {
  ...(process.env.SLACK_CLIENT_ID
    ? {
        SLACK_CLIENT_ID: process.env.SLACK_CLIENT_ID,
        SLACK_CLIENT_SECRET: process.env.SLACK_CLIENT_SECRET ?? '',
        ...(process.env.SLACK_BASE_URL ? { SLACK_BASE_URL: process.env.SLACK_BASE_URL } : {}),
      }
    : {
        SLACK_BASE_URL: fakeApps.slack,
        SLACK_CLIENT_ID: 'parley-dev-slack',
        SLACK_CLIENT_SECRET: 'parley-dev-slack-secret',
      }),
  ...(process.env.GOOGLE_CLIENT_ID
    ? {
        GOOGLE_CLIENT_ID: process.env.GOOGLE_CLIENT_ID,
        GOOGLE_CLIENT_SECRET: process.env.GOOGLE_CLIENT_SECRET ?? '',
      }
    : {
        GOOGLE_SHEETS_BASE_URL: fakeApps.sheets,
        GOOGLE_CLIENT_ID: 'parley-dev-google.apps.googleusercontent.com',
        GOOGLE_CLIENT_SECRET: 'parley-dev-google-secret',
      }),
  ...(process.env.HUBSPOT_CLIENT_ID
    ? {
        HUBSPOT_CLIENT_ID: process.env.HUBSPOT_CLIENT_ID,
        HUBSPOT_CLIENT_SECRET: process.env.HUBSPOT_CLIENT_SECRET ?? '',
      }
    : {
        HUBSPOT_BASE_URL: fakeApps.hubspot,
        HUBSPOT_CLIENT_ID: 'parley-dev-hubspot',
        HUBSPOT_CLIENT_SECRET: 'parley-dev-hubspot-secret',
      }),
  CALCOM_BASE_URL: process.env.CALCOM_BASE_URL ?? fakeApps.calcom,
}
// Billing: Stripe in test mode when a key is given, else the fake (a webhook secret kept across restarts).
const fakeStripe = !process.env.STRIPE_SECRET_KEY
const stripeWebhookSecret = fakeStripe
  ? (previous.STRIPE_WEBHOOK_SECRET ?? `whsec_${randomBytes(24).toString('base64url')}`)
  : (process.env.STRIPE_WEBHOOK_SECRET ?? '')
const stripeApiUrl = fakeStripe
  ? await startFakeStripe(
      Number(process.env.STRIPE_FAKE_PORT ?? 3500),
      `${process.env.PARLEY_FUNCTIONS_URL ?? `${apiUrl}/functions/v1`}/stripe-webhook`,
      stripeWebhookSecret,
    )
  : process.env.STRIPE_API_URL
mkdirSync(dirname(envFile), { recursive: true })
writeFileSync(
  envFile,
  [
    `CHATWOOT_URL=${chatwootUrl}`,
    `CHATWOOT_PLATFORM_TOKEN=${platformToken}`,
    `PARLEY_ENCRYPTION_KEY=${encryptionKey}`,
    ...(previousKey ? [`PARLEY_ENCRYPTION_KEY_PREVIOUS=${previousKey}`] : []),
    `PARLEY_DASHBOARD_URL=${process.env.PARLEY_DASHBOARD_URL ?? `http://127.0.0.1:${dashboardPort}`}`,
    // Development: a chatbot's AI provider, or a webhook receiver, may be on this machine or network (never in
    // production).
    'PARLEY_ALLOW_PRIVATE_NETWORK=true',
    `STRIPE_SECRET_KEY=${fakeStripe ? 'sk_test_parley_dev' : process.env.STRIPE_SECRET_KEY}`,
    `STRIPE_WEBHOOK_SECRET=${stripeWebhookSecret}`,
    ...(stripeApiUrl ? [`STRIPE_API_URL=${stripeApiUrl}`] : []),
    ...(process.env.PARLEY_FUNCTIONS_URL ? [`PARLEY_FUNCTIONS_URL=${process.env.PARLEY_FUNCTIONS_URL}`] : []),
    // Shoppers' images are read by the fake vision provider unless the chatbot has a model key.
    'PARLEY_VISION_FAKE=true',
    ...(inbox ? [`EMAIL_SMTP_URL=${inbox.smtpUrl}`] : []),
    ...['EMAIL_SMTP_URL', 'EMAIL_HTTP_URL', 'EMAIL_HTTP_TOKEN', 'EMAIL_FROM']
      .filter((name) => !inbox || name !== 'EMAIL_SMTP_URL')
      .filter((name) => process.env[name])
      .map((name) => `${name}=${process.env[name]}`),
    ...Object.entries(appSettings).map(([name, value]) => `${name}=${value}`),
    '',
  ].join('\n'),
  { mode: 0o600 },
)

run('devstack', process.execPath, ['packages/devstack/bin/devstack.mjs', 'start'], {
  DEVSTACK_FUNCTIONS_ENV_FILE: envFile,
})
// The chat widget's loader and iframe app (apps/widget), rebuilt on every change while the dashboard
// serves them; built once before the dashboard starts.
if (!(await startUntil('widget build', ['apps/widget/build.mjs', '--watch'], /widget built/))) {
  console.error('\nthe widget did not build; stopping.')
  stop(1)
}
// A first start on a slow machine creates and seeds the database: minutes, not seconds.
await waitFor(`${apiUrl}/`, 'devstack', 600_000)
if (fakeChatwoot) await reprovision()
if (!process.env.SLACK_CLIENT_ID && !process.env.GOOGLE_CLIENT_ID) {
  const connected = (await connectDemoApp('slack')) && (await connectDemoApp('google-sheets'))
  // The seeded automation that uses both stays off until they are connected (seed.sql says why).
  if (connected) await enableDemoAutomation()
}
if (!process.env.CALCOM_BASE_URL) await connectDemoCalcom()
// Payments in chat: the demo store's own Stripe account is the fake too (a restricted key it accepts);
// connecting registers the store's webhook endpoint on it.
if (fakeStripe) await connectDemoApp('stripe', 'rk_test_parley_demo_store')

// The dashboard defaults to the local anon key; only the API URL depends on our ports. Chatwoot's address
// is the one origin allowed to frame the agent context app (/chatwoot-app).
run(
  'dashboard',
  'node_modules/.bin/next',
  ['dev', '-p', dashboardPort, '-H', '127.0.0.1'],
  {
    NEXT_PUBLIC_SUPABASE_URL: apiUrl,
    CHATWOOT_URL: chatwootUrl,
    PARLEY_ALLOW_PRIVATE_NETWORK: 'true',
    // next.config.ts would build the widget once more; the watcher above keeps it current.
    PARLEY_WIDGET_WATCHED: '1',
  },
  'apps/dashboard',
)
await waitFor(`http://127.0.0.1:${dashboardPort}/login`, 'dashboard', 180_000)
console.log(`
  Parley is up in ${Math.round((Date.now() - started) / 1000)} s
  Dashboard  http://127.0.0.1:${dashboardPort}   (demo owner: demo@parley.dev / parley-demo-2026)
  Shop demo  http://localhost:${dashboardPort}/sample-shop   (a store page with the chat widget embedded)
  Supabase   ${apiUrl}   (\`pnpm devstack status\` prints the keys)
  Chatwoot   ${chatwootUrl}${fakeChatwoot ? `   (fake; reply as an agent at ${chatwootUrl}/__fake/)` : ''}
  Email      ${inbox ? `${inbox.inboxUrl}   (every email sent, e.g. scheduled reports; SMTP ${inbox.smtpUrl})` : 'through EMAIL_SMTP_URL / EMAIL_HTTP_URL'}
  Slack      ${process.env.SLACK_CLIENT_ID ? 'https://slack.com' : `${fakeApps.slack}   (fake; what it received: ${fakeApps.slack}/__fake/)`}
  Sheets     ${process.env.GOOGLE_CLIENT_ID ? 'https://sheets.googleapis.com' : `${fakeApps.sheets}   (fake; its sheet: ${fakeApps.sheets}/__fake/)`}
  Cal.com    ${process.env.CALCOM_BASE_URL ?? `${fakeApps.calcom}   (fake, key ${fakeApps.calcomKey}; bookings and booking pages: ${fakeApps.calcom}/__fake/)`}
  HubSpot    ${process.env.HUBSPOT_CLIENT_ID ? 'https://api.hubapi.com' : `${fakeApps.hubspot}   (fake; its records: ${fakeApps.hubspot}/__fake/)`}
  Stripe     ${fakeStripe ? `${stripeApiUrl}   (fake; events and controls at ${stripeApiUrl}/__fake/)` : (stripeApiUrl ?? 'api.stripe.com (test mode)')}
`)
// The same addresses for programs (the test command's journeys): a fake whose port was taken moved.
writeFileSync(
  envFile.replace(/functions\.env$/, 'urls.json'),
  JSON.stringify({
    dashboard: `http://127.0.0.1:${dashboardPort}`,
    supabase: apiUrl,
    chatwoot: chatwootUrl,
    ...(inbox ? { inbox: inbox.inboxUrl } : {}),
    ...(fakeApps ? { slack: fakeApps.slack, calcom: fakeApps.calcom, calcomKey: fakeApps.calcomKey } : {}),
    ...(fakeStripe ? { stripe: stripeApiUrl } : {}),
  }),
)

/**
 * The fake keeps its data in memory: after a restart, the stores provisioned in an earlier fake are
 * provisioned again in this one (the outbox picks the revived jobs up within 5 s), and what pointed into the
 * earlier fake (contact and conversation ids) is forgotten, so no later job updates someone else's contact
 * or posts into a conversation that is not there. Rows being provisioned right now, or whose account this
 * fake already has, are left alone.
 */
async function reprovision() {
  // The Supabase CLI's well-known local service key (see packages/devstack/src/config.ts).
  const key =
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU'
  const patch = async (path, body) => {
    const r = await fetch(`${apiUrl}/rest/v1/${path}`, {
      method: 'PATCH',
      headers: {
        apikey: key,
        Authorization: `Bearer ${key}`,
        'Content-Type': 'application/json',
        Prefer: 'return=representation',
      },
      body: JSON.stringify(body),
    })
    if (!r.ok)
      console.error(`resetting ${path.split('?')[0]} for the fake Chatwoot: ${r.status} ${await r.text()}`)
    return r.ok ? await r.json() : []
  }
  const state = await fetch(`${chatwootUrl}/__fake/state`).then((r) => r.json())
  const known = Object.values(state.accounts ?? {})
    .map((a) => a.custom_attributes?.parley_store_id)
    .filter(Boolean)
  const reset = await patch(
    `chatwoot_accounts?status=in.(active,failed,suspended)&select=store_id${
      known.length ? `&store_id=not.in.(${known.join(',')})` : ''
    }`,
    {
      status: 'pending',
      last_error: null,
      account_id: null,
      inbox_id: null,
      website_token: null,
      admin_user_id: null,
      admin_access_token: null,
      hmac_token: null,
      webhook_secret: null,
      api_inbox_id: null,
      api_inbox_identifier: null,
      api_inbox_secret: null,
      webhook_id: null,
      dashboard_app_id: null,
      provisioned_steps: {},
    },
  )
  if (!reset.length) return
  const stores = `in.(${reset.map((r) => r.store_id).join(',')})`
  await patch(`contacts?store_id=${stores}&chatwoot_contact_id=not.is.null&select=id`, {
    chatwoot_contact_id: null,
  })
  await patch(`chat_sessions?store_id=${stores}&chatwoot_conversation_id=not.is.null&select=id`, {
    chatwoot_conversation_id: null,
  })
  const again = {
    status: 'pending',
    attempts: 0,
    last_error: null,
    held_by: null,
    next_attempt_at: new Date().toISOString(),
  }
  const jobs = await patch(
    `outbox?topic=eq.chatwoot.provision_account&status=in.(done,dead)&store_id=${stores}&select=id`,
    again,
  )
  // whatever died with an earlier provisioning runs again after this one
  if (jobs.length)
    await patch(`outbox?status=eq.dead&held_by=in.(${jobs.map((j) => j.id).join(',')})&select=id`, again)
}

/** The demo owner's request headers (signed in), or undefined without the seed's demo owner. */
async function demoOwnerHeaders() {
  // The Supabase CLI's well-known local anon key (see packages/devstack/src/config.ts).
  const localAnonKey =
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0'
  const session = await fetch(`${apiUrl}/auth/v1/token?grant_type=password`, {
    method: 'POST',
    headers: { apikey: localAnonKey, 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'demo@parley.dev', password: 'parley-demo-2026' }),
  }).then((r) => r.json())
  if (!session.access_token) return undefined
  return {
    apikey: localAnonKey,
    Authorization: `Bearer ${session.access_token}`,
    'Content-Type': 'application/json',
  }
}

/**
 * The fakes keep their tokens in memory, so every start connects the demo store to them through the real
 * OAuth flow, as the owner would on the Integrations page: sign in, /apps/connect, Allow on the fake's
 * consent screen, the callback. Without the demo owner (a database without the seed) nothing happens.
 */
async function connectDemoApp(app, apiKey) {
  try {
    const headers = await demoOwnerHeaders()
    if (!headers) return
    const connect = await fetch(`${apiUrl}/functions/v1/apps/connect`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ store_id: 'de000000-0000-4000-8000-000000000010', app, api_key: apiKey }),
    }).then((r) => r.json())
    if (apiKey) {
      if (!connect.connected) throw new Error(connect.message ?? 'not connected')
      return true
    }
    if (!connect.authorize_url) throw new Error(connect.message ?? 'no authorize_url')
    const consent = new URL(connect.authorize_url)
    consent.searchParams.set('decision', 'allow')
    const allowed = await fetch(`${consent.origin}${consent.pathname}`, {
      method: 'POST',
      body: consent.searchParams,
      redirect: 'manual',
    })
    const back = await fetch(allowed.headers.get('location'), { redirect: 'manual' })
    if (!back.headers.get('location')?.includes(`connected=${app}`))
      throw new Error(back.headers.get('location'))
    return true
  } catch (error) {
    console.error(`connecting the demo store to the fake ${app}: ${error.message}`)
    return false
  }
}

/**
 * Connects the demo store to the fake Cal.com with its API key, as the owner would on the Integrations
 * page (which also registers the booking webhook), and offers the fake's "Intro call".
 */
async function connectDemoCalcom() {
  try {
    const headers = await demoOwnerHeaders()
    if (!headers) return
    const store = 'de000000-0000-4000-8000-000000000010'
    const connect = await fetch(`${apiUrl}/functions/v1/apps/connect`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ store_id: store, app: 'calcom', api_key: fakeApps.calcomKey }),
    }).then((r) => r.json())
    if (!connect.connected) throw new Error(connect.message ?? 'not connected')
    const config = {
      event_type_id: 1001,
      event_type_title: 'Intro call',
      booking_url: `${fakeApps.calcom}/parley-demo/intro-call`,
    }
    const saved = await fetch(`${apiUrl}/rest/v1/integrations?store_id=eq.${store}&provider=eq.calcom`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ config }),
    })
    if (!saved.ok) throw new Error(`${saved.status} ${await saved.text()}`)
  } catch (error) {
    console.error(`connecting the demo store to the fake Cal.com: ${error.message}`)
  }
}

/** Switches on the demo automation "Tell the team on Slack" (its apps are connected now). */
async function enableDemoAutomation() {
  // The Supabase CLI's well-known local service key (see packages/devstack/src/config.ts).
  const key =
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU'
  const r = await fetch(`${apiUrl}/rest/v1/workflows?id=eq.de000000-0000-4000-8000-000000000062`, {
    method: 'PATCH',
    headers: { apikey: key, Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ enabled: true }),
  })
  if (!r.ok) console.error(`switching the demo automation on: ${r.status} ${await r.text()}`)
}
