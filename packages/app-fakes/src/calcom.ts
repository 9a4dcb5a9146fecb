// A fake Cal.com (API v2 and public booking pages) that follows contracts/calcom.json and its traps: every
// API call needs `cal-api-version` (404 without it, as some real endpoints do), an API key as a bearer
// token (401 otherwise), success in `{status, data}` and errors in `{status:"error", error:{code,message}}`,
// lower-case booking status in the API and upper case in webhooks, a reschedule as a new uid with
// `rescheduleUid`, and deliveries signed X-Cal-Signature-256 = hex HMAC-SHA256(secret, raw body).
// /<username>/<slug>?name&email&metadata[k]=v is a booking page a test or a person completes; each booking
// has a page to reschedule or cancel it. /__fake/ shows what it received and sent; /__fake/fail injects
// failures (429 + Retry-After, 5xx, timeout, a refused key, a badly signed delivery).
import { createHmac, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Ajv, type ValidateFunction } from 'ajv'
import { type FailureMode, Failures } from './failures.ts'
import { escapeHtml, html, json, page, readBody } from './http.ts'

interface Endpoint {
  id: string
  method: string
  path: string
  headers?: Record<string, string>
  query?: object
  body?: object
}

export interface CalcomRequest {
  method: string
  path: string
  endpoint?: string
  apiVersion?: string
  auth: 'bearer' | 'none'
  fields: Record<string, unknown>
  errors: string[]
  at: string
}

export interface FakeBooking {
  id: number
  uid: string
  title: string
  status: 'accepted' | 'cancelled' | 'rejected' | 'pending'
  start: string
  end: string
  eventTypeId: number
  attendee: { name: string; email: string; timeZone: string }
  metadata: Record<string, string>
  rescheduledFromUid?: string
  rescheduledToUid?: string
  cancellationReason?: string
  createdAt: string
}

export interface FakeDelivery {
  url: string
  trigger: string
  body: string
  signature: string
  status: number | string
}

const USERNAME = 'parley-demo'
const EVENT_TYPES = [
  { id: 1001, title: 'Intro call', slug: 'intro-call', lengthInMinutes: 30, hidden: false },
  { id: 1002, title: 'Product demo', slug: 'product-demo', lengthInMinutes: 45, hidden: false },
  { id: 1003, title: 'Internal sync', slug: 'internal-sync', lengthInMinutes: 15, hidden: true },
]
const bookingFields = [
  {
    type: 'name',
    slug: 'name',
    label: 'your_name',
    required: true,
    isDefault: true,
    disableOnPrefill: false,
  },
  {
    type: 'email',
    slug: 'email',
    label: 'email_address',
    required: true,
    isDefault: true,
    disableOnPrefill: false,
  },
  {
    type: 'textarea',
    slug: 'notes',
    label: 'additional_notes',
    required: false,
    isDefault: true,
    disableOnPrefill: false,
  },
]
const eventTypeOut = (e: (typeof EVENT_TYPES)[number]) => ({
  ...e,
  description: '',
  locations: [{ type: 'integration', integration: 'cal-video' }],
  bookingFields,
  price: 0,
  currency: 'usd',
  metadata: {},
  ownerId: 7,
  users: [{ id: 7, name: 'Parley Demo', username: USERNAME }],
})

const contractFile = JSON.parse(
  readFileSync(new URL('../contracts/calcom.json', import.meta.url), 'utf8'),
) as {
  endpoints: Endpoint[]
  $defs: Record<string, object>
}
/**
 * What Parley calls that the vendored contract lacks, kept out of the copied file: deleting the webhook it
 * registered (on disconnect). Cal.com's API v2 source has it in its user webhooks controller,
 * `DELETE /v2/webhooks/:webhookId`, guarded to the key's own webhooks (another's is not found), answering
 * the success envelope with the deleted webhook.
 */
const EXTRA_ENDPOINTS: Endpoint[] = [
  { id: 'webhooks.delete', method: 'DELETE', path: '/v2/webhooks/{webhookId}' },
]
const endpoints = [...contractFile.endpoints, ...EXTRA_ENDPOINTS]
const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: true })
ajv.addSchema({ $id: 'calcom', $defs: contractFile.$defs })
const validators = new Map<string, ValidateFunction>()
function validatorFor(endpoint: Endpoint, kind: 'query' | 'body') {
  const schema = endpoint[kind]
  if (!schema) return undefined
  const id = `${endpoint.id}:${kind}`
  let validate = validators.get(id)
  if (!validate) {
    // the body's $refs point into the contract's $defs
    const resolved = JSON.parse(JSON.stringify(schema).replaceAll('"#/$defs/', '"calcom#/$defs/'))
    validate = ajv.compile(resolved)
    validators.set(id, validate)
  }
  return validate
}
const templateOf = (path: string) => new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`)

const apiError = (res: ServerResponse, status: number, code: string, message: string, headers = {}) =>
  json(
    res,
    status,
    { status: 'error', timestamp: new Date().toISOString(), error: { code, message } },
    headers,
  )

/** The next few half-hour slots, in UTC, from the next full hour tomorrow. */
function slots(count = 6): string[] {
  const start = new Date()
  start.setUTCDate(start.getUTCDate() + 1)
  start.setUTCHours(9, 0, 0, 0)
  return Array.from({ length: count }, (_, i) => new Date(start.getTime() + i * 1_800_000).toISOString())
}

export class FakeCalcom {
  readonly failures = new Failures()
  readonly requests: CalcomRequest[] = []
  readonly bookings: FakeBooking[] = []
  readonly webhooks: {
    id: number
    subscriberUrl: string
    triggers: string[]
    secret?: string
    active: boolean
  }[] = []
  readonly deliveries: FakeDelivery[] = []
  /** The API keys it accepts. */
  readonly apiKeys = new Set<string>()
  private server?: Server
  private seq = 1
  url = ''

  constructor(readonly options: { port?: number; host?: string; apiKey?: string } = {}) {
    this.apiKeys.add(options.apiKey ?? 'cal_test_parley_demo_key')
  }

  get apiKey(): string {
    return [...this.apiKeys][0] as string
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e) => apiError(res, 500, 'InternalServerErrorException', String(e)))
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
    this.requests.length = 0
    this.bookings.length = 0
    this.webhooks.length = 0
    this.deliveries.length = 0
    this.failures.clear()
  }

  /** The public booking page of an event type. */
  bookingPage(slug = 'intro-call'): string {
    return `${this.url}/${USERNAME}/${slug}`
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake')
    const body = await readBody(req)
    if (url.pathname.startsWith('/__fake')) return this.control(url, body, res)
    if (url.pathname.startsWith('/v2/')) return this.api(req, url, body, res)
    const booking = /^\/booking\/([\w-]+)\/(cancel|reschedule)$/.exec(url.pathname)
    if (booking) return this.manage(req, booking[1] as string, booking[2] as string, body, res)
    const pageOf = /^\/([\w-]+)\/([\w-]+)$/.exec(url.pathname)
    if (pageOf) return this.bookingForm(req, pageOf[1] as string, pageOf[2] as string, url, body, res)
    return html(res, 404, page('Not found', '<h1>This page could not be found.</h1>'))
  }

  // ---- the API -------------------------------------------------------------------------------
  private async api(req: IncomingMessage, url: URL, body: string, res: ServerResponse) {
    const method = req.method ?? 'GET'
    const authorization = req.headers.authorization ?? ''
    const apiVersion = req.headers['cal-api-version'] as string | undefined
    let fields: Record<string, unknown> = Object.fromEntries(url.searchParams)
    if (body) {
      try {
        fields = JSON.parse(body) as Record<string, unknown>
      } catch {
        return apiError(res, 400, 'BadRequestException', 'The body is not JSON')
      }
    }
    const endpoint = [...endpoints]
      .sort((a, b) => b.path.length - a.path.length)
      .find((e) => e.method === method && (e.path === url.pathname || templateOf(e.path).test(url.pathname)))
    const record: CalcomRequest = {
      method,
      path: url.pathname,
      endpoint: endpoint?.id,
      apiVersion,
      auth: authorization.startsWith('Bearer ') ? 'bearer' : 'none',
      fields,
      errors: [],
      at: new Date().toISOString(),
    }
    this.requests.push(record)
    if (!endpoint) {
      record.errors.push(`no endpoint ${method} ${url.pathname} in the contract`)
      return apiError(res, 404, 'NotFoundException', `Cannot ${method} ${url.pathname}`)
    }
    const wanted = endpoint.headers?.['cal-api-version']?.match(/\d{4}-\d{2}-\d{2}/g)
    if (wanted && !wanted.includes(apiVersion ?? '')) {
      record.errors.push(`${endpoint.id} wants cal-api-version ${wanted.join(' or ')}, got ${apiVersion}`)
      return apiError(res, 404, 'NotFoundException', `Cannot ${method} ${url.pathname}`)
    }
    if (record.auth !== 'bearer') record.errors.push(`${endpoint.id} wants the API key as a bearer token`)
    const validate = validatorFor(endpoint, method === 'GET' ? 'query' : 'body')
    if (validate && !validate(structuredClone(fields)))
      for (const e of validate.errors ?? [])
        record.errors.push(`${endpoint.id}${e.instancePath} ${e.message}`)

    const failure = this.failures.take(endpoint.id)
    if (failure) return this.fail(failure.mode, failure, res)
    if (!this.apiKeys.has(authorization.slice(7)))
      return apiError(res, 401, 'UnauthorizedException', 'Invalid API Key')
    if (record.errors.length) return apiError(res, 400, 'BadRequestException', record.errors.join('; '))

    const ok = (status: number, data: unknown) => json(res, status, { status: 'success', data })
    const id = url.pathname.split('/').pop() as string
    switch (endpoint.id) {
      case 'eventTypes.list':
        return ok(200, EVENT_TYPES.map(eventTypeOut))
      case 'eventTypes.get': {
        const found = EVENT_TYPES.find((e) => String(e.id) === id)
        return found
          ? ok(200, eventTypeOut(found))
          : apiError(res, 404, 'NotFoundException', 'Event type not found')
      }
      case 'slots.list': {
        const byDay: Record<string, { start: string }[]> = {}
        for (const start of slots()) {
          const day = start.slice(0, 10)
          byDay[day] = [...(byDay[day] ?? []), { start }]
        }
        return ok(200, byDay)
      }
      case 'webhooks.create': {
        const input = fields as {
          subscriberUrl: string
          triggers: string[]
          secret?: string
          active?: boolean
        }
        const webhook = { id: this.seq++, ...input, active: input.active ?? true }
        this.webhooks.push(webhook)
        const { secret: _secret, ...shown } = webhook
        return ok(201, { ...shown, payloadTemplate: null })
      }
      case 'webhooks.delete': {
        const at = this.webhooks.findIndex((w) => String(w.id) === id)
        if (at < 0) return apiError(res, 404, 'NotFoundException', `Webhook with id ${id} not found`)
        const { secret: _secret, ...shown } = this.webhooks.splice(at, 1)[0] as FakeCalcom['webhooks'][number]
        return ok(200, shown)
      }
      case 'bookings.create': {
        const input = fields as {
          start: string
          eventTypeId?: number
          attendee: { name: string; email: string; timeZone: string }
          metadata?: Record<string, string>
        }
        const type = EVENT_TYPES.find((e) => e.id === input.eventTypeId)
        if (!type) return apiError(res, 400, 'BadRequestException', 'eventTypeId: event type not found')
        if (!slots().includes(new Date(input.start).toISOString()))
          return apiError(res, 400, 'BadRequestException', 'start: no available slot at that time')
        const booking = await this.book(type, input.start, input.attendee, input.metadata ?? {})
        return ok(201, this.bookingOut(booking))
      }
      case 'bookings.get': {
        const found = this.bookings.find((b) => b.uid === id)
        return found
          ? ok(200, this.bookingOut(found))
          : apiError(res, 404, 'NotFoundException', 'Booking not found')
      }
    }
    return apiError(res, 404, 'NotFoundException', `${endpoint.id} is not served by the fake`)
  }

  private fail(
    mode: FailureMode,
    failure: { retryAfter?: number; status?: number; error?: string },
    res: ServerResponse,
  ) {
    if (mode === 'timeout') return // no answer: the client gives up
    if (mode === 'rate_limit')
      return apiError(res, 429, 'TooManyRequestsException', 'Too many requests', {
        'Retry-After': String(failure.retryAfter ?? 30),
        'X-RateLimit-Limit-Default': '120',
        'X-RateLimit-Remaining-Default': '0',
      })
    if (mode === 'server_error')
      return apiError(res, failure.status ?? 503, 'InternalServerErrorException', 'Service unavailable')
    if (mode === 'token_expired' || mode === 'invalid_grant')
      return apiError(res, 401, 'UnauthorizedException', 'Invalid API Key')
    return apiError(res, failure.status ?? 400, 'BadRequestException', failure.error ?? 'Bad request')
  }

  private bookingOut(b: FakeBooking) {
    const type = EVENT_TYPES.find((e) => e.id === b.eventTypeId)
    return {
      id: b.id,
      uid: b.uid,
      title: b.title,
      description: null,
      hosts: [{ id: 7, name: 'Parley Demo', email: 'demo@parley.dev', username: USERNAME, timeZone: 'UTC' }],
      status: b.status,
      start: b.start,
      end: b.end,
      duration: type?.lengthInMinutes ?? 30,
      eventTypeId: b.eventTypeId,
      eventType: { id: b.eventTypeId, slug: type?.slug },
      location: `https://app.cal.com/video/${b.uid}`,
      absentHost: false,
      createdAt: b.createdAt,
      updatedAt: b.createdAt,
      metadata: b.metadata,
      attendees: [{ ...b.attendee, language: 'en', absent: false }],
      guests: [],
      bookingFieldsResponses: { name: b.attendee.name, email: b.attendee.email },
      ...(b.rescheduledFromUid ? { rescheduledFromUid: b.rescheduledFromUid } : {}),
      ...(b.rescheduledToUid ? { rescheduledToUid: b.rescheduledToUid } : {}),
      ...(b.cancellationReason ? { cancellationReason: b.cancellationReason } : {}),
    }
  }

  // ---- bookings and their webhooks -------------------------------------------------------------
  /** Books a slot and delivers BOOKING_CREATED (what the booking page and POST /v2/bookings do). */
  async book(
    type: (typeof EVENT_TYPES)[number],
    start: string,
    attendee: FakeBooking['attendee'],
    metadata: Record<string, string>,
    rescheduledFrom?: FakeBooking,
  ): Promise<FakeBooking> {
    const startAt = new Date(start)
    const booking: FakeBooking = {
      id: this.seq++,
      uid: `bk_${randomBytes(8).toString('hex')}`,
      title: `${type.title} between Parley Demo and ${attendee.name}`,
      status: 'accepted',
      start: startAt.toISOString(),
      end: new Date(startAt.getTime() + type.lengthInMinutes * 60_000).toISOString(),
      eventTypeId: type.id,
      attendee,
      metadata,
      createdAt: new Date().toISOString(),
      ...(rescheduledFrom ? { rescheduledFromUid: rescheduledFrom.uid } : {}),
    }
    this.bookings.push(booking)
    if (rescheduledFrom) {
      rescheduledFrom.status = 'cancelled'
      rescheduledFrom.rescheduledToUid = booking.uid
      await this.deliver('BOOKING_RESCHEDULED', booking, { rescheduleUid: rescheduledFrom.uid })
    } else await this.deliver('BOOKING_CREATED', booking)
    return booking
  }

  async cancel(booking: FakeBooking, reason: string): Promise<void> {
    booking.status = 'cancelled'
    booking.cancellationReason = reason
    await this.deliver('BOOKING_CANCELLED', booking, { cancellationReason: reason })
  }

  /** The webhook body Cal.com sends (its default template). */
  deliveryBody(trigger: string, b: FakeBooking, extra: Record<string, unknown> = {}): string {
    const type = EVENT_TYPES.find((e) => e.id === b.eventTypeId)
    return JSON.stringify({
      triggerEvent: trigger,
      createdAt: new Date().toISOString(),
      payload: {
        type: type?.slug,
        title: b.title,
        description: '',
        startTime: b.start,
        endTime: b.end,
        location: `https://app.cal.com/video/${b.uid}`,
        organizer: {
          id: 7,
          name: 'Parley Demo',
          email: 'demo@parley.dev',
          username: USERNAME,
          timeZone: 'UTC',
          language: { locale: 'en' },
        },
        attendees: [{ ...b.attendee, language: { locale: 'en' } }],
        uid: b.uid,
        bookingId: b.id,
        eventTypeId: b.eventTypeId,
        status: trigger === 'BOOKING_CANCELLED' ? 'CANCELLED' : b.status.toUpperCase(),
        responses: {
          name: { label: 'your_name', value: b.attendee.name },
          email: { label: 'email_address', value: b.attendee.email },
        },
        metadata: { videoCallUrl: `https://app.cal.com/video/${b.uid}`, ...b.metadata },
        ...extra,
      },
    })
  }

  static sign(secret: string | undefined, body: string): string {
    return secret ? createHmac('sha256', secret).update(body).digest('hex') : 'no-secret-provided'
  }

  /** Sends one signed delivery to every active webhook subscribed to `trigger`, and records the answers. */
  async deliver(trigger: string, booking: FakeBooking, extra: Record<string, unknown> = {}) {
    const body = this.deliveryBody(trigger, booking, extra)
    for (const webhook of this.webhooks.filter((w) => w.active && w.triggers.includes(trigger))) {
      // only a failure asked for this (not one for every method) forges a signature
      const forged =
        this.failures.pending.some((f) => f.method === 'webhook.deliver') &&
        this.failures.take('webhook.deliver')
      const signature = FakeCalcom.sign(forged ? 'not-the-secret' : webhook.secret, body)
      const delivery: FakeDelivery = {
        url: webhook.subscriberUrl,
        trigger,
        body,
        signature,
        status: 'sending',
      }
      this.deliveries.push(delivery)
      try {
        const answer = await fetch(webhook.subscriberUrl, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'X-Cal-Signature-256': signature,
            'X-Cal-Webhook-Version': '2021-10-20',
          },
          body,
          signal: AbortSignal.timeout(15_000),
        })
        delivery.status = answer.status
        await answer.body?.cancel()
      } catch (error) {
        delivery.status = `unreachable: ${error instanceof Error ? error.message : String(error)}`
      }
    }
  }

  // ---- pages a person (or a test) uses ---------------------------------------------------------
  private async bookingForm(
    req: IncomingMessage,
    username: string,
    slug: string,
    url: URL,
    body: string,
    res: ServerResponse,
  ) {
    const type = EVENT_TYPES.find((e) => e.slug === slug)
    if (username !== USERNAME || !type)
      return html(res, 404, page('Not found', '<h1>This page could not be found.</h1>'))
    if (req.method === 'POST') {
      const form = new URLSearchParams(body)
      const name = form.get('name')?.trim() ?? ''
      const email = form.get('email')?.trim() ?? ''
      const start = form.get('start') ?? ''
      if (!name || !/^[^@\s]+@[^@\s]+$/.test(email) || !slots().includes(start))
        return html(res, 400, page('Booking', '<h1>Give your name, your e-mail and a time.</h1>'))
      const metadata = Object.fromEntries(
        [...form].flatMap(([k, v]) => {
          const key = /^metadata\[([\w-]{1,40})\]$/.exec(k)?.[1]
          return key ? [[key, v.slice(0, 500)]] : []
        }),
      )
      const booking = await this.book(
        type,
        start,
        { name, email, timeZone: form.get('timeZone') || 'UTC' },
        metadata,
      )
      return this.confirmation(res, booking, 'This meeting is scheduled')
    }
    const metadataInputs = [...url.searchParams]
      .filter(([k]) => /^metadata\[[\w-]{1,40}\]$/.test(k))
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join('')
    const options = slots()
      .map(
        (s) =>
          `<label><input type="radio" name="start" value="${s}" required> ${escapeHtml(new Date(s).toUTCString())}</label><br>`,
      )
      .join('')
    return html(
      res,
      200,
      page(
        `${type.title} | Cal.com (fake)`,
        `<h1>${escapeHtml(type.title)}</h1><p>${type.lengthInMinutes} minutes with Parley Demo</p>
<form method="post">${metadataInputs}
<p><label>Your name <input name="name" required value="${escapeHtml(url.searchParams.get('name') ?? '')}"></label></p>
<p><label>Email address <input name="email" type="email" required value="${escapeHtml(url.searchParams.get('email') ?? '')}"></label></p>
<input type="hidden" name="timeZone" value="${escapeHtml(url.searchParams.get('timeZone') ?? 'UTC')}">
<fieldset><legend>Pick a time</legend>${options}</fieldset>
<p><button type="submit">Confirm booking</button></p></form>`,
      ),
    )
  }

  private confirmation(res: ServerResponse, b: FakeBooking, heading: string) {
    return html(
      res,
      200,
      page(
        heading,
        `<h1>${escapeHtml(heading)}</h1><p data-testid="booking-uid">${escapeHtml(b.uid)}</p>
<p>${escapeHtml(b.title)}, ${escapeHtml(new Date(b.start).toUTCString())}</p>
<p><a href="/booking/${b.uid}/reschedule">Reschedule</a> · <a href="/booking/${b.uid}/cancel">Cancel</a></p>`,
      ),
    )
  }

  private async manage(req: IncomingMessage, uid: string, action: string, body: string, res: ServerResponse) {
    const booking = this.bookings.find((b) => b.uid === uid)
    if (!booking) return html(res, 404, page('Not found', '<h1>This booking could not be found.</h1>'))
    if (booking.status === 'cancelled')
      return html(res, 409, page('Booking', '<h1>This booking was cancelled or moved.</h1>'))
    if (req.method !== 'POST') {
      const fields =
        action === 'cancel'
          ? '<p><label>Reason <input name="reason"></label></p><button type="submit">Cancel the meeting</button>'
          : `<fieldset><legend>Pick a new time</legend>${slots()
              .map(
                (s) =>
                  `<label><input type="radio" name="start" value="${s}" required> ${escapeHtml(new Date(s).toUTCString())}</label><br>`,
              )
              .join('')}</fieldset><button type="submit">Reschedule</button>`
      return html(
        res,
        200,
        page('Booking', `<h1>${escapeHtml(booking.title)}</h1><form method="post">${fields}</form>`),
      )
    }
    const form = new URLSearchParams(body)
    if (action === 'cancel') {
      await this.cancel(booking, form.get('reason')?.slice(0, 300) ?? '')
      return html(res, 200, page('Cancelled', '<h1>This meeting is cancelled</h1>'))
    }
    const start = form.get('start') ?? ''
    if (!slots().includes(start)) return html(res, 400, page('Booking', '<h1>Pick a time.</h1>'))
    const type = EVENT_TYPES.find((e) => e.id === booking.eventTypeId) ?? EVENT_TYPES[0]
    const moved = await this.book(
      type as (typeof EVENT_TYPES)[number],
      start,
      booking.attendee,
      booking.metadata,
      booking,
    )
    return this.confirmation(res, moved, 'This meeting is rescheduled')
  }

  // ---- what it received ------------------------------------------------------------------------
  private control(url: URL, body: string, res: ServerResponse) {
    if (url.pathname === '/__fake/fail') {
      this.failures.add(JSON.parse(body || '{}') as { mode: FailureMode })
      return json(res, 200, { ok: true })
    }
    if (url.pathname === '/__fake/reset') {
      this.reset()
      return json(res, 200, { ok: true })
    }
    if (url.pathname === '/__fake/state')
      return json(res, 200, {
        bookings: this.bookings,
        webhooks: this.webhooks.map(({ secret: _s, ...w }) => w),
        deliveries: this.deliveries,
        requests: this.requests,
      })
    const rows = (items: string[]) => items.join('') || '<tr><td>Nothing yet.</td></tr>'
    return html(
      res,
      200,
      page(
        'Fake Cal.com',
        `<h1>Fake Cal.com</h1><p>API key: <code>${escapeHtml(this.apiKey)}</code>. Booking pages: ${EVENT_TYPES.filter(
          (e) => !e.hidden,
        )
          .map((e) => `<a href="/${USERNAME}/${e.slug}">${escapeHtml(e.title)}</a>`)
          .join(', ')}</p>
<h2>Bookings</h2><table><tbody>${rows(
          this.bookings.map(
            (b) =>
              `<tr><td>${escapeHtml(b.uid)}</td><td>${escapeHtml(b.title)}</td><td>${escapeHtml(b.start)}</td><td>${b.status}</td><td><pre>${escapeHtml(JSON.stringify(b.metadata))}</pre></td><td><a href="/booking/${b.uid}/reschedule">reschedule</a> <a href="/booking/${b.uid}/cancel">cancel</a></td></tr>`,
          ),
        )}</tbody></table>
<h2>Webhook deliveries</h2><table><tbody>${rows(
          this.deliveries.map(
            (d) =>
              `<tr><td>${escapeHtml(d.trigger)}</td><td>${escapeHtml(d.url)}</td><td>${escapeHtml(d.status)}</td></tr>`,
          ),
        )}</tbody></table>
<h2>API requests</h2><table><tbody>${rows(
          this.requests.map(
            (r) =>
              `<tr><td>${r.method} ${escapeHtml(r.path)}</td><td>${escapeHtml(r.apiVersion ?? '')}</td><td class="${r.errors.length ? 'bad' : ''}">${escapeHtml(r.errors.join('; ') || 'valid')}</td></tr>`,
          ),
        )}</tbody></table>`,
      ),
    )
  }
}

export const startFakeCalcom = (options?: { port?: number; host?: string; apiKey?: string }) =>
  new FakeCalcom(options).start()
