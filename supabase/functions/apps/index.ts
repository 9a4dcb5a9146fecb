// The apps function: how a store connects its apps (supabase/functions/_shared/apps).
//   POST /apps/connect     { store_id, app, api_key?, settings? }  owners and admins: an OAuth app answers
//                          { authorize_url } (state + PKCE kept in app_oauth_states); an API-key app stores
//                          the key encrypted (write-only) and answers { connected: true }; an app that makes
//                          its key (Webhook's signing secret) answers it once as { secret }
//   GET  /apps/callback    ?code&state (or ?error) from the app: exchanges the code, stores the tokens
//                          encrypted, then sends the browser back to the store's Integrations page
//   POST /apps/disconnect  { store_id, app }  owners and admins: revokes the token at the app, forgets it;
//                          what the app registered for us (a webhook) is deleted by its `disconnectJob`
//   POST /apps/channels    { store_id, app, cursor? }  owners and admins: one page of Slack channels
//   POST /apps/event-types { store_id, app: 'calcom' }  owners and admins: the store's Cal.com event types,
//                          each with its booking page
//   POST /apps/test        { store_id, app }  owners and admins: enqueues the app's "send a test" job
// verify_jwt is off for the callback (the app's redirect carries no JWT); every other route checks the
// caller's JWT and role itself.
import { z } from 'zod'
import { appBaseUrl } from '../_shared/apps/base-url.ts'
import { calcomEventTypes } from '../_shared/apps/calcom/event-types.ts'
import { withCredential } from '../_shared/apps/connection.ts'
import type { AppDefinition, OAuth2Auth } from '../_shared/apps/define.ts'
import { classifyAppError } from '../_shared/apps/destination.ts'
import { AppHttpError, AppReconnectError } from '../_shared/apps/errors.ts'
import { authorizeUrl, exchangeCode, randomToken, revokeToken } from '../_shared/apps/oauth.ts'
import { apps } from '../_shared/apps/registry.gen.ts'
import { SlackClient } from '../_shared/apps/slack/client.ts'
import { endpointProblem } from '../_shared/apps/webhook/endpoint.ts'
import { BodyError, readJsonBody } from '../_shared/body.ts'
import { dashboardUrl } from '../_shared/dashboard-url.ts'
import type { Json } from '../_shared/database.types.ts'
import { errorResponse, json, preflight } from '../_shared/http.ts'
import { privateNetworkAllowed, resolveWithDeno } from '../_shared/network.ts'
import { decryptSecret, encryptSecret } from '../_shared/secrets.ts'
import { clientForCaller, must, serviceClient } from '../_shared/supabase.ts'

class ClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

const AppId = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/)
const StoreApp = z.object({ store_id: z.uuid(), app: AppId })
const ConnectInput = StoreApp.extend({
  api_key: z.string().trim().min(8).max(500).optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
})
const ChannelsInput = StoreApp.extend({ cursor: z.string().max(500).optional() })

async function input<T>(req: Request, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(await readJsonBody(req, 16_384))
  if (!parsed.success) throw new ClientError(400, 'invalid_request', z.prettifyError(parsed.error))
  return parsed.data
}

function appOf(id: string): AppDefinition {
  const app = apps.find((a) => a.id === id)
  if (!app) throw new ClientError(404, 'unknown_app', `There is no app "${id}"`)
  return app
}

/** The caller, when they own or administer the store. */
async function admin(req: Request, storeId: string) {
  const caller = clientForCaller(req)
  const { data } = await caller.auth.getUser()
  if (!data.user) throw new ClientError(401, 'not_signed_in', 'Sign in to manage connected apps')
  const { data: membership } = await caller
    .from('memberships')
    .select('role')
    .eq('store_id', storeId)
    .eq('user_id', data.user.id)
    .maybeSingle()
  if (membership?.role !== 'owner' && membership?.role !== 'admin')
    throw new ClientError(403, 'forbidden', 'Only owners and admins connect and disconnect apps')
  return data.user
}

const functionsUrl = () =>
  (Deno.env.get('PARLEY_FUNCTIONS_URL') ?? `${Deno.env.get('SUPABASE_URL')}/functions/v1`).replace(/\/+$/, '')
const callbackUrl = () => `${functionsUrl()}/apps/callback`

/** The settings given at connect, checked with the app's schema; URLs we will call must be public. */
async function connectSettings(app: AppDefinition, given: Record<string, unknown> | undefined) {
  if (!given) return undefined
  const parsed = app.settings.safeParse(given)
  if (!parsed.success) throw new ClientError(400, 'invalid_request', z.prettifyError(parsed.error))
  const settings = parsed.data as Record<string, Json | undefined>
  for (const key of app.publicUrlSettings ?? []) {
    const url = settings[key]
    if (typeof url !== 'string') continue
    const problem = await endpointProblem(url, {
      allowPrivate: privateNetworkAllowed(),
      resolve: resolveWithDeno,
    })
    if (problem) throw new ClientError(400, 'refused_address', problem)
  }
  return settings
}

async function connect(req: Request) {
  const { store_id, app: id, api_key: pasted, settings: given } = await input(req, ConnectInput)
  const app = appOf(id)
  const user = await admin(req, store_id)
  const settings = await connectSettings(app, given)
  const db = serviceClient()
  if (app.auth.type === 'api_key') {
    const made = !pasted && app.auth.generate ? `${app.auth.generate.prefix}${randomToken()}` : undefined
    const api_key = pasted ?? made
    if (!api_key) throw new ClientError(400, 'invalid_request', `Paste the ${app.auth.label}`)
    must(
      await db.from('integrations').upsert(
        {
          store_id,
          provider: app.id,
          status: 'connected',
          credentials_encrypted: await encryptSecret(api_key),
          ...(settings ? { config: settings } : {}),
          // A new key may be another account: its webhook is registered again, with a new secret.
          webhook_secret_encrypted: null,
          connected_by: user.id,
          last_error: null,
          failing_since: null,
        },
        { onConflict: 'store_id,provider' },
      ),
      'saving the key',
    )
    if (app.connectJob) {
      must(
        await db.rpc('enqueue_outbox', {
          p_store_id: store_id,
          p_topic: app.connectJob,
          p_payload: { store_id },
        }),
        'registering the webhook',
      )
    }
    // A secret Parley made is shown this once (the store copies it to its receiver), never again.
    return json(made ? { connected: true, secret: made } : { connected: true })
  }
  const state = randomToken()
  const verifier = randomToken()
  must(
    await db.from('app_oauth_states').insert({
      state,
      store_id,
      app: app.id,
      user_id: user.id,
      code_verifier_encrypted: await encryptSecret(verifier),
      redirect_uri: callbackUrl(),
    }),
    'starting the authorization',
  )
  const oauth = app as AppDefinition & { auth: OAuth2Auth }
  return json({ authorize_url: await authorizeUrl(oauth, { state, verifier, redirectUri: callbackUrl() }) })
}

/** Back to the Integrations page, saying how it went (the page shows it). */
const backTo = (storeId: string | null, outcome: string) =>
  Response.redirect(
    storeId
      ? `${dashboardUrl()}/stores/${storeId}/integrations?${outcome}`
      : `${dashboardUrl()}/stores?${outcome}`,
    303,
  )

async function callback(req: Request) {
  const url = new URL(req.url)
  const state = url.searchParams.get('state') ?? ''
  if (!/^[A-Za-z0-9_-]{32,128}$/.test(state))
    throw new ClientError(400, 'invalid_state', 'This link is not valid')
  const db = serviceClient()
  // Used once: deleted as it is read, so a replayed callback finds nothing.
  const flight = must(
    await db.from('app_oauth_states').delete().eq('state', state).select().maybeSingle(),
    'reading the authorization',
  )
  if (!flight)
    throw new ClientError(400, 'invalid_state', 'This authorization was already used or never started')
  const app = apps.find((a) => a.id === flight.app)
  if (app?.auth.type !== 'oauth2') throw new ClientError(400, 'invalid_state', 'Unknown app')
  if (Date.parse(flight.expires_at) < Date.now()) return backTo(flight.store_id, `error=${app.id}:expired`)
  const refused = url.searchParams.get('error')
  const code = url.searchParams.get('code')
  if (refused || !code)
    return backTo(flight.store_id, `error=${app.id}:${encodeURIComponent(refused ?? 'no_code')}`)
  try {
    const tokens = await exchangeCode(app as AppDefinition & { auth: OAuth2Auth }, {
      code,
      verifier: await decryptSecret(flight.code_verifier_encrypted),
      redirectUri: flight.redirect_uri,
    })
    must(
      await db.from('integrations').upsert(
        {
          store_id: flight.store_id,
          provider: app.id,
          status: 'connected',
          credentials_encrypted: await encryptSecret(tokens.accessToken),
          refresh_token_encrypted: tokens.refreshToken ? await encryptSecret(tokens.refreshToken) : null,
          expires_at: tokens.expiresAt ? new Date(tokens.expiresAt).toISOString() : null,
          refresh_lock_until: null,
          account_label: tokens.accountLabel ?? null,
          connected_by: flight.user_id,
          last_error: null,
          failing_since: null,
        },
        { onConflict: 'store_id,provider' },
      ),
      'saving the connection',
    )
  } catch (error) {
    if (error instanceof AppHttpError || error instanceof AppReconnectError) {
      console.warn('[apps] code exchange refused', app.id, error.message)
      return backTo(flight.store_id, `error=${app.id}:${encodeURIComponent(error.message.slice(0, 200))}`)
    }
    throw error
  }
  return backTo(flight.store_id, `connected=${app.id}`)
}

async function disconnect(req: Request) {
  const { store_id, app: id } = await input(req, StoreApp)
  const app = appOf(id)
  await admin(req, store_id)
  const db = serviceClient()
  const row = must(
    await db
      .from('integrations')
      .select('credentials_encrypted, refresh_token_encrypted')
      .eq('store_id', store_id)
      .eq('provider', app.id)
      .maybeSingle(),
    'reading the connection',
  )
  let revoked = true
  // HubSpot revokes the grant by its refresh token, the others by the access token.
  const spend =
    app.auth.type === 'oauth2' && app.auth.revoke?.use === 'refresh'
      ? row?.refresh_token_encrypted
      : row?.credentials_encrypted
  if (spend && app.auth.type === 'oauth2') {
    try {
      await revokeToken(app as AppDefinition & { auth: OAuth2Auth }, await decryptSecret(spend))
    } catch (error) {
      // Forget the token anyway: the store asked to disconnect, and the app's own page can revoke it.
      console.warn('[apps] revocation failed', app.id, error)
      revoked = false
    }
  }
  // On the locked row: what the app registered for us (a webhook) is removed by a job, which keeps the key
  // until it is done; a setting saved at the same moment is neither lost nor kept on a dead connection.
  must(
    await db.rpc('disconnect_integration', {
      p_store_id: store_id,
      p_app: app.id,
      p_registered_key: app.disconnectJob?.setting,
      p_cleanup_topic: app.disconnectJob?.topic,
    }),
    'disconnecting',
  )
  return json({ disconnected: true, revoked })
}

async function channels(req: Request) {
  const { store_id, app: id, cursor } = await input(req, ChannelsInput)
  const app = appOf(id)
  if (app.id !== 'slack') throw new ClientError(400, 'invalid_request', 'Only Slack has channels')
  await admin(req, store_id)
  try {
    return json(
      await withCredential(serviceClient(), store_id, app, (token) =>
        new SlackClient({ token, baseUrl: appBaseUrl(app) }).listChannels(cursor),
      ),
    )
  } catch (error) {
    const result = classifyAppError(app.name, error)
    if (result && 'reason' in result) throw new ClientError(502, 'app_error', result.reason)
    throw error
  }
}

async function eventTypes(req: Request) {
  const { store_id, app: id } = await input(req, StoreApp)
  const app = appOf(id)
  if (app.id !== 'calcom') throw new ClientError(400, 'invalid_request', 'Only Cal.com has event types')
  await admin(req, store_id)
  try {
    return json(await withCredential(serviceClient(), store_id, app, (key) => calcomEventTypes(app, key)))
  } catch (error) {
    const result = classifyAppError(app.name, error)
    if (result && 'reason' in result) throw new ClientError(502, 'app_error', result.reason)
    throw error
  }
}

async function test(req: Request) {
  const { store_id, app: id } = await input(req, StoreApp)
  const app = appOf(id)
  if (!app.testable) throw new ClientError(400, 'invalid_request', `${app.name} has no test`)
  await admin(req, store_id)
  const { data, error } = await serviceClient().rpc('enqueue_outbox', {
    p_store_id: store_id,
    p_topic: `${app.id.replace(/-/g, '_')}.send_test`,
    p_payload: { store_id },
  })
  if (error) throw new Error(`enqueueing the test: ${error.message}`)
  return json({ enqueued: true, job: data })
}

async function handle(req: Request): Promise<Response> {
  const route = new URL(req.url).pathname.replace(/\/+$/, '').split('/').pop()
  if (route === 'callback' && req.method === 'GET') return callback(req)
  if (req.method !== 'POST') throw new ClientError(405, 'method_not_allowed', 'Use POST')
  if (route === 'connect') return connect(req)
  if (route === 'disconnect') return disconnect(req)
  if (route === 'channels') return channels(req)
  if (route === 'event-types') return eventTypes(req)
  if (route === 'test') return test(req)
  throw new ClientError(
    404,
    'not_found',
    'Use /connect, /callback, /disconnect, /channels, /event-types or /test',
  )
}

Deno.serve(async (req) => {
  if (req.method === 'OPTIONS') return preflight()
  try {
    return await handle(req)
  } catch (error) {
    if (error instanceof ClientError) return errorResponse(error.status, error.code, error.message)
    if (error instanceof BodyError) return errorResponse(error.status, error.code, error.message)
    console.error('[apps]', error)
    return errorResponse(500, 'internal_error', 'Something went wrong on our side; please try again')
  }
})
