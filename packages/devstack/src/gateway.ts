import { type Context, Hono, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import { clientAddress } from './client-address.ts'
import { type DevstackConfig, LOCAL_PUBLISHABLE_KEY, LOCAL_SECRET_KEY } from './config.ts'
import type { DevstackHealth } from './health.ts'
import { forward, ProxyError } from './proxy.ts'

/**
 * The largest request body each service takes (a pasted knowledge document is the largest legitimate one);
 * anything larger is answered 413 before a service reads, parses or stores a byte of it.
 */
export const BODY_LIMITS = {
  '/auth/v1': 64 * 1024,
  '/rest/v1': 2 * 1024 * 1024,
  '/realtime/v1': 256 * 1024,
  '/functions/v1': 1024 * 1024,
} as const

export interface GatewayParts {
  config: DevstackConfig
  postgrestUrl: string
  auth: Hono
  functions: Hono
  /** REST broadcast (the WebSocket upgrade is attached to the Node server in stack.ts). */
  realtime: Hono
  /** Storage (src/storage): it checks the caller's JWT itself and counts upload bodies against its own limits. */
  storage: Hono
  /** GET /health: the devstack's own parts (src/health.ts). */
  health: () => Promise<DevstackHealth>
}

/**
 * The API gateway on :54321, in the role Kong plays in `supabase start`: one origin, Supabase's URL layout,
 * CORS for browsers, and API keys turned into the bearer token the services expect.
 */
export function createGateway({
  config,
  postgrestUrl,
  auth,
  functions,
  realtime,
  storage,
  health,
}: GatewayParts): Hono {
  const app = new Hono()

  // Browsers call rest/auth/realtime straight from the dashboard and the widget, from any site, with the
  // key and the user's token in headers; no cookie is ever an API credential, so any origin may call and
  // none gets credentialed access. Functions answer their own CORS (as on Supabase), so the preflight
  // reaches them untouched.
  const apiCors = cors({
    origin: '*',
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    exposeHeaders: [
      'Content-Range',
      'Content-Location',
      'X-Total-Count',
      'Link',
      'X-Supabase-Api-Version',
      'x-sb-error-code',
      // downloads
      'Content-Length',
      'Content-Disposition',
      'ETag',
      'Last-Modified',
      'Accept-Ranges',
    ],
    maxAge: 3600,
  })

  /**
   * Maps the `apikey` (JWT or sb_ key) to `Authorization: Bearer <jwt>` when the caller sent no user token.
   * `required: false` (functions) passes key-less requests through: webhooks from Stripe or Chatwoot carry
   * no key, and the function's verify_jwt setting decides.
   */
  const apiKey =
    (required: boolean): MiddlewareHandler =>
    async (c, next) => {
      const key = c.req.header('apikey') ?? c.req.query('apikey')
      const jwtForKey =
        key === LOCAL_PUBLISHABLE_KEY
          ? config.anonKey
          : key === LOCAL_SECRET_KEY
            ? config.serviceRoleKey
            : key
      const authorization = c.req.header('authorization')
      if (!authorization || /^bearer sb_/i.test(authorization)) {
        if (jwtForKey) c.req.raw.headers.set('authorization', `Bearer ${jwtForKey}`)
        else if (required) return c.json({ message: 'No API key found in request' }, 401)
      }
      if (key !== jwtForKey && jwtForKey) c.req.raw.headers.set('apikey', jwtForKey)
      await next()
    }

  // Before the key mapping below, which replaces the apikey that may vouch for Sb-Forwarded-For.
  app.use('*', clientAddress)
  for (const [prefix, maxSize] of Object.entries(BODY_LIMITS)) {
    app.use(`${prefix}/*`, limitBody(maxSize, prefix === '/rest/v1' || prefix === '/functions/v1'))
  }
  for (const prefix of ['/rest/v1', '/auth/v1', '/realtime/v1', '/storage/v1'])
    app.use(`${prefix}/*`, apiCors)
  app.use('/rest/v1/*', apiKey(true))
  app.use('/auth/v1/*', apiKey(true))
  app.use('/functions/v1/*', apiKey(false))
  // A signed URL is fetched with no key at all (an <img src>): Storage itself decides what needs a token.
  app.use('/storage/v1/*', apiKey(false))

  app.all('/rest/v1/*', async (c) => {
    const url = new URL(c.req.url)
    const target = `${postgrestUrl}${url.pathname.slice('/rest/v1'.length) || '/'}${url.search}`
    try {
      // c.res holds the CORS headers the middleware prepared for this response.
      return await forward(c, target, { headers: c.req.raw.headers, responseHeaders: c.res.headers })
    } catch (error) {
      if (!(error instanceof ProxyError)) throw error
      return c.json({ message: 'An invalid response was received from the upstream server' }, 502)
    }
  })
  app.route('/auth/v1', auth)
  app.route('/functions/v1', functions)
  app.route('/realtime/v1', realtime)
  app.route('/storage/v1', storage)
  app.get('/', (c) =>
    c.json({
      name: 'parley devstack',
      services: ['rest/v1', 'auth/v1', 'functions/v1', 'realtime/v1', 'storage/v1'],
    }),
  )
  // No key needed, like a load balancer's check; 503 while a core part (database, PostgREST, auth) is down.
  app.get('/health', async (c) => {
    const report = await health()
    return c.json(report, report.status === 'down' ? 503 : 200, { 'Cache-Control': 'no-store' })
  })
  app.notFound((c) => c.json({ message: 'no Route matched with those values' }, 404))
  return app
}

/**
 * A sized body is judged by its Content-Length without touching it, so the proxy can still pipe the raw
 * request (reading `c.req.raw.body` would start draining it into a web stream the proxy never sees). A body
 * without a length is counted as it streams: by the proxy for the services it pipes to (which may answer
 * before the body ends, as the chat function does past its own smaller limit), by Hono's bodyLimit for the
 * services that read it here.
 */
function limitBody(maxSize: number, piped: boolean): MiddlewareHandler {
  const counting = bodyLimit({ maxSize, onError: (c) => tooLarge(c, maxSize) })
  return (c, next) => {
    const length = c.req.header('content-length')
    if (!c.req.header('transfer-encoding')) {
      return Number(length ?? 0) > maxSize ? Promise.resolve(tooLarge(c, maxSize)) : next()
    }
    if (!piped) return counting(c, next)
    c.set('bodyLimit', { maxSize, tooLarge: () => tooLarge(c, maxSize) })
    return next()
  }
}

/** 413 in a shape every Supabase client reads: GoTrue's fields (auth-js) and PostgREST's `code`/`message`. */
function tooLarge(c: Context, maxSize: number): Response {
  const code = 'request_entity_too_large'
  const message = `Request body too large (max ${maxSize} bytes)`
  c.header('x-sb-error-code', code)
  // The rest of the body is never read: the connection cannot carry another request.
  c.header('Connection', 'close')
  return c.json({ code, error_code: code, message, msg: message }, 413)
}
