// startFakeStripe: a contract-faithful fake of the Stripe API on node:http. The real `stripe` client works
// against it when given its host, port and protocol 'http'. Requests are form-encoded with bracket notation,
// checked against the vendored contract (unknown parameters and enum values refused as Stripe does), POSTs
// honour Idempotency-Key, and the account's changes go out as signed webhooks.
import { createHash, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import qs from 'qs'
import { extraParams, type Params, type Result, routes, stripeError } from './api.ts'
import { Account } from './billing.ts'
import { apiVersion, checkParams, paramsSchema } from './contract.ts'
import { clock } from './ids.ts'
import { checkoutPage, controlPage, portalPage } from './pages.ts'
import { addPrice, createState, defaultPrices, type FakeState, type PriceSeed } from './state.ts'
import { type WebhookRetry, Webhooks } from './webhooks.ts'

export { declinedCard } from './billing.ts'
export { apiVersion } from './contract.ts'
export type * from './state.ts'
export { signature } from './webhooks.ts'

export interface FakeStripeOptions {
  /** Default: a free port. */
  port?: number
  host?: string
  /** The only secret key accepted; default: any `sk_test_…`/`rk_test_…` key. */
  secretKey?: string
  /** Where to deliver events (also: POST /v1/webhook_endpoints), signed with webhookSecret. */
  webhookUrl?: string
  webhookSecret?: string
  /** Products and prices by lookup key; default: Parley's (defaultPrices). */
  prices?: PriceSeed[]
  log?: boolean
  /** How failed deliveries are retried (default: 8 deliveries, 5 s doubling to 5 min). */
  webhookRetry?: WebhookRetry
}

type Failure = { remaining: number; status: number; body: unknown; shouldRetry?: boolean }

export interface FakeStripeControl {
  /** The next n API requests answer `status`: 429 (rate limit), 500/502/503 (Stripe-side) or 402 card_declined. */
  failNext(n: number, status: 402 | 429 | 500 | 502 | 503): void
  /** The next n API requests wait `ms` before Stripe carries them out (logged on arrival): a slow Stripe. */
  slowNext(n: number, ms: number): void
  /** The next n payments (Checkout or a renewal) are declined. */
  declineNextPayment(n?: number): void
  /** Completes an open Checkout Session as the page's Subscribe button does. */
  completeCheckout(sessionId: string, card?: string): { declined: string } | null
  /** A payment session's delayed payment fails (completed unpaid, then async_payment_failed). */
  failAsyncPayment(sessionId: string): void
  /** Time runs out on an open session (`checkout.session.expired`), as `expire` or its expires_at do. */
  expireCheckout(sessionId: string): void
  /** Holds events until release(order?) sends them (in that order of event ids, the rest after). */
  holdEvents(): void
  releaseEvents(order?: string[]): void
  replayEvent(eventId: string): void
  /** Delay each delivery; fail the next n (not reached); sign stale (seconds in the past) or with a wrong key. */
  delayDeliveries(ms: number): void
  failDeliveries(n: number): void
  signStale(ageSeconds: number): void
  badSignature(on?: boolean): void
  deliveriesSettled(): Promise<void>
  /** The subscription's period ends now (renews, or cancels when set to), its payment fails. */
  endPeriod(subscriptionId: string): void
  failPayment(subscriptionId: string): void
  /** Portal actions without the page. */
  switchPrice(subscriptionId: string, lookupKey: string): void
  cancelAtPeriodEnd(subscriptionId: string, cancel?: boolean): void
  cancelNow(subscriptionId: string): void
  advanceClock(seconds: number): void
}

export interface FakeStripe {
  url: string
  host: string
  port: number
  /** The signing secret of the endpoint given in the options. */
  webhookSecret: string
  state: FakeState
  account: Account
  webhooks: Webhooks
  control: FakeStripeControl
  stop(): Promise<void>
}

type Stored = { hash: string; status: number; body: unknown; inFlight: boolean; at: number }

export async function startFakeStripe(options: FakeStripeOptions = {}): Promise<FakeStripe> {
  const host = options.host ?? '127.0.0.1'
  const state = createState()
  const webhooks = new Webhooks(state, options.webhookRetry)
  let baseUrl = ''
  const account = new Account(state, webhooks, () => baseUrl)
  for (const seed of options.prices ?? defaultPrices) addPrice(state, seed)
  const webhookSecret = options.webhookSecret ?? `whsec_${randomBytes(24).toString('base64url')}`
  if (options.webhookUrl) webhooks.addEndpoint(options.webhookUrl, webhookSecret)
  const failures: Failure[] = []
  const slow: { remaining: number; ms: number }[] = []
  const idempotency = new Map<string, Stored>()

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) send(res, 500, { error: { type: 'api_error', message: String(e) } })
      else res.destroy()
    })
  })
  server.keepAliveTimeout = 1000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  baseUrl = `http://${host}:${port}`

  const subscription = (subId: string) => {
    const sub = state.subscriptions.get(subId)
    if (!sub) throw new Error(`No such subscription: ${subId}`)
    return sub
  }
  const checkoutSession = (sessionId: string) => {
    const session = state.checkoutSessions.get(sessionId)
    if (!session) throw new Error(`No such checkout.session: ${sessionId}`)
    return session
  }
  const control: FakeStripeControl = {
    failNext(n, status) {
      const body =
        status === 402
          ? {
              error: {
                type: 'card_error',
                code: 'card_declined',
                decline_code: 'generic_decline',
                message: 'Your card was declined.',
              },
            }
          : status === 429
            ? {
                error: {
                  type: 'invalid_request_error',
                  code: 'rate_limit',
                  message: 'Too many requests hit the API too quickly.',
                },
              }
            : { error: { type: 'api_error', message: 'An unknown error occurred (injected).' } }
      failures.push({ remaining: n, status, body })
    },
    slowNext(n, ms) {
      slow.push({ remaining: n, ms })
    },
    declineNextPayment: (n = 1) => {
      account.declineNext += n
    },
    completeCheckout(sessionId, card = '4242424242424242') {
      return account.completeCheckout(checkoutSession(sessionId), card, 'buyer@example.com')
    },
    failAsyncPayment: (sessionId) => account.failAsyncPayment(checkoutSession(sessionId)),
    expireCheckout: (sessionId) => account.expireCheckout(checkoutSession(sessionId)),
    holdEvents: () => {
      webhooks.holding = true
    },
    releaseEvents: (order) => webhooks.release(order),
    replayEvent: (eventId) => webhooks.replay(eventId),
    delayDeliveries: (ms) => {
      webhooks.delayMs = ms
    },
    failDeliveries: (n) => {
      webhooks.failNext = n
    },
    signStale: (age) => {
      webhooks.signAgeSeconds = age
    },
    badSignature: (on = true) => {
      webhooks.badSignature = on
    },
    deliveriesSettled: () => webhooks.settled(),
    endPeriod: (subId) => account.renew(subscription(subId)),
    failPayment: (subId) => account.failPayment(subscription(subId)),
    switchPrice(subId, lookupKey) {
      const price = [...state.prices.values()].find((p) => p.lookup_key === lookupKey)
      if (!price) throw new Error(`No price with lookup key ${lookupKey}`)
      account.changePrice(subscription(subId), price.id)
    },
    cancelAtPeriodEnd: (subId, cancel = true) => account.cancelAtPeriodEnd(subscription(subId), cancel),
    cancelNow: (subId) => account.cancelNow(subscription(subId)),
    advanceClock: (seconds) => {
      clock.offsetSeconds += seconds
    },
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', baseUrl)
    const rawBody = await readBody(req)
    if (!url.pathname.startsWith('/v1/')) return pages(req, res, url, rawBody)
    const method = req.method ?? 'GET'
    const requestId = `req_${randomBytes(12).toString('hex')}`
    const idempotencyKey = method === 'POST' ? header(req, 'idempotency-key') : undefined
    const reply = (result: Result, extra: Record<string, string> = {}) => {
      record.status = result.status
      send(res, result.status, result.body, {
        'request-id': requestId,
        'stripe-version': header(req, 'stripe-version') ?? apiVersion,
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        ...extra,
      })
    }
    // GET parameters ride in the query string, POST ones in the body: the same bracket notation.
    const params = qs.parse(method === 'GET' ? url.search.slice(1) : rawBody, {
      depth: 10,
      arrayLimit: 100,
      parameterLimit: 2000,
    }) as Params
    const record = {
      at: Date.now(),
      method,
      path: url.pathname,
      params,
      idempotencyKey,
      stripeVersion: header(req, 'stripe-version'),
    } as FakeState['requests'][number]
    state.requests.push(record)
    if (options.log) console.error(`[fake-stripe] ${method} ${url.pathname}`)
    const lag = slow[0]
    if (lag) {
      if (--lag.remaining <= 0) slow.shift()
      await new Promise((resolve) => setTimeout(resolve, lag.ms))
    }

    if (!authorized(header(req, 'authorization')))
      return reply(
        stripeError(
          401,
          'invalid_request_error',
          'Invalid API Key provided. Use a test secret key (sk_test_…).',
        ),
      )
    const failure = failures[0]
    if (failure) {
      if (--failure.remaining <= 0) failures.shift()
      record.error = 'injected'
      // a 500 began executing and is kept for its key (as Stripe does); 429 and gateway errors never ran
      if (failure.status === 500 && idempotencyKey)
        idempotency.set(idempotencyKey, {
          hash: hashOf(method, url.pathname, params),
          status: 500,
          body: failure.body,
          inFlight: false,
          at: Date.now(),
        })
      return reply({ status: failure.status, body: failure.body })
    }
    const route = routes.find((r) => r.method === method && r.pattern.test(url.pathname))
    if (!route)
      return reply(
        stripeError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${url.pathname}).`),
      )
    const schema = paramsSchema(route.id)
    const problem = schema
      ? checkParams(schema, params)
      : Object.keys(params)
          .filter((k) => !(extraParams[route.id] ?? []).includes(k))
          .map((k) => ({
            code: 'parameter_unknown',
            param: k,
            message: `Received unknown parameter: ${k}`,
          }))[0]
    if (problem) {
      record.error = problem.message
      // refused before executing: not kept for the idempotency key
      return reply(
        stripeError(400, 'invalid_request_error', problem.message, {
          code: problem.code,
          param: problem.param,
        }),
      )
    }

    const hash = hashOf(method, url.pathname, params)
    if (idempotencyKey) {
      const seen = idempotency.get(idempotencyKey)
      if (seen && Date.now() - seen.at < 24 * 3600 * 1000) {
        if (seen.hash !== hash)
          return reply(
            stripeError(
              400,
              'idempotency_error',
              `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            ),
          )
        if (seen.inFlight)
          return reply(
            stripeError(
              409,
              'invalid_request_error',
              'There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ' +
                idempotencyKey +
                '. Please try again later.',
              { code: 'idempotency_key_in_use' },
            ),
          )
        return reply({ status: seen.status, body: seen.body }, { 'idempotent-replayed': 'true' })
      }
    }
    const stored: Stored = { hash, status: 0, body: null, inFlight: true, at: Date.now() }
    if (idempotencyKey) idempotency.set(idempotencyKey, stored)
    const path = (route.pattern.exec(url.pathname) ?? []).slice(1).map(decodeURIComponent)
    const result = route.handle(account, params, path, { idempotencyKey })
    Object.assign(stored, { status: result.status, body: result.body, inFlight: false })
    return reply(result)
  }

  function authorized(value: string | undefined): boolean {
    let key: string | undefined
    const bearer = /^Bearer (\S+)$/.exec(value ?? '')
    if (bearer) key = bearer[1]
    const basic = /^Basic (\S+)$/.exec(value ?? '')
    if (basic)
      key = Buffer.from(basic[1] ?? '', 'base64')
        .toString()
        .split(':')[0]
    if (!key) return false
    return options.secretKey ? key === options.secretKey : /^(sk|rk)_test_\w+$/.test(key)
  }

  async function pages(req: IncomingMessage, res: ServerResponse, url: URL, rawBody: string) {
    const method = req.method ?? 'GET'
    const form = new URLSearchParams(rawBody)
    const html = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
      res.end(body)
    }
    const redirect = (to: string) => {
      res.writeHead(303, { location: to })
      res.end()
    }
    const checkout = /^\/checkout\/([^/]+)(?:\/(pay|cancel))?$/.exec(url.pathname)
    if (checkout) {
      const session = state.checkoutSessions.get(checkout[1] ?? '')
      if (!session) return html(404, 'No such Checkout Session.')
      if (checkout[2] === 'cancel' && session.cancel_url) return redirect(session.cancel_url)
      if (checkout[2] === 'pay' && method === 'POST') {
        const outcome = account.completeCheckout(session, form.get('card') ?? '', form.get('email') ?? '')
        if (outcome) return html(402, checkoutPage(account, session, outcome.declined))
        return redirect((session.success_url ?? baseUrl).replace('{CHECKOUT_SESSION_ID}', session.id))
      }
      return html(200, checkoutPage(account, session))
    }
    const portal = /^\/portal\/([^/]+)(?:\/([^/]+)\/(switch|cancel|renew))?$/.exec(url.pathname)
    if (portal) {
      const session = state.portalSessions.get(portal[1] ?? '')
      if (!session) return html(404, 'No such portal session.')
      if (method === 'POST' && portal[2]) {
        const sub = state.subscriptions.get(portal[2])
        if (!sub || sub.customer !== session.customer) return html(404, 'No such subscription.')
        if (portal[3] === 'switch') {
          const price = state.prices.get(form.get('price') ?? '')
          if (price) account.changePrice(sub, price.id)
        } else account.cancelAtPeriodEnd(sub, portal[3] === 'cancel')
        return redirect(`/portal/${session.id}`)
      }
      return html(200, portalPage(account, session))
    }
    // The control API: JSON in, JSON out (or the page's forms, which redirect back).
    const back = () => (form.size > 0 || !rawBody ? redirect('/__fake/') : send(res, 200, { ok: true }))
    const input = rawBody.startsWith('{')
      ? (JSON.parse(rawBody) as Record<string, unknown>)
      : Object.fromEntries(form)
    const path = url.pathname.replace(/\/+$/, '')
    if (method === 'GET' && path === '/__fake') return html(200, controlPage(account))
    if (method === 'GET' && path === '/__fake/state')
      return send(res, 200, {
        customers: [...state.customers.values()],
        subscriptions: [...state.subscriptions.values()].map((s) => account.renderSubscription(s)),
        checkout_sessions: [...state.checkoutSessions.values()].map((s) => account.renderCheckoutSession(s)),
        invoices: [...state.invoices.values()],
        meter_events: [...state.meterEvents.values()],
        events: state.events,
        deliveries: webhooks.deliveries.map(({ body, ...d }) => d),
      })
    if (method === 'POST') {
      const sub = /^\/__fake\/subscriptions\/([^/]+)\/(renew|fail_payment|cancel)$/.exec(path)
      try {
        if (sub) {
          const action = {
            renew: control.endPeriod,
            fail_payment: control.failPayment,
            cancel: control.cancelNow,
          }
          action[sub[2] as keyof typeof action](sub[1] ?? '')
          return back()
        }
        const replay = /^\/__fake\/events\/([^/]+)\/replay$/.exec(path)
        if (replay) {
          control.replayEvent(replay[1] ?? '')
          return back()
        }
        const actions: Record<string, () => void> = {
          '/__fake/fail': () => control.failNext(Number(input.n ?? 1), Number(input.status) as 500),
          '/__fake/slow': () => control.slowNext(Number(input.n ?? 1), Number(input.ms ?? 5000)),
          '/__fake/decline': () => control.declineNextPayment(Number(input.n ?? 1)),
          '/__fake/events/hold': () => control.holdEvents(),
          '/__fake/events/release': () =>
            control.releaseEvents(Array.isArray(input.order) ? input.order.map(String) : undefined),
          '/__fake/deliveries/delay': () => control.delayDeliveries(Number(input.ms ?? 0)),
          '/__fake/deliveries/fail': () => control.failDeliveries(Number(input.n ?? 1)),
          '/__fake/deliveries/stale': () => control.signStale(Number(input.seconds ?? 600)),
          '/__fake/deliveries/bad-signature': () =>
            control.badSignature(input.on !== 'false' && input.on !== false),
        }
        const action = actions[path]
        if (action) {
          action()
          return back()
        }
      } catch (error) {
        return send(res, 404, { error: String(error instanceof Error ? error.message : error) })
      }
    }
    return send(res, 404, { error: 'Not found' })
  }

  return {
    url: baseUrl,
    host,
    port,
    webhookSecret,
    state,
    account,
    webhooks,
    control,
    stop: () =>
      new Promise<void>((resolve) => {
        webhooks.stop()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

function hashOf(method: string, path: string, params: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path} ${JSON.stringify(params)}`)
    .digest('hex')
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
