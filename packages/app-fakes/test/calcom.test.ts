// The Cal.com client against the fake: every request on a contract path with its cal-api-version and the
// key as a bearer token (the fake records what the contract says of each); failures read the way every
// app's jobs read them (429 waits for Retry-After, 5xx retried, a refused key asks to connect again); the
// booking page, prefilled from Parley's link, books and sends a delivery signed the contract's way.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  AppReconnectError,
  apps,
  bookingLink,
  CalcomClient,
  classifyAppError,
  validCalcomSignature,
} from '@parley/supabase/apps'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { FakeCalcom } from '../src/index.ts'

const fake = new FakeCalcom()
const received: { body: string; signature: string | undefined }[] = []
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    received.push({
      body: Buffer.concat(chunks).toString('utf8'),
      signature: req.headers['x-cal-signature-256'] as string | undefined,
    })
    res.writeHead(200).end('{}')
  })
})
let receiverUrl = ''

beforeAll(async () => {
  await fake.start()
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/calcom-webhook/store`
})
afterAll(async () => {
  await fake.stop()
  receiver.close()
})
beforeEach(() => {
  fake.reset()
  received.length = 0
})

const client = (apiKey = fake.apiKey) => new CalcomClient({ apiKey, baseUrl: fake.url, timeoutMs: 2000 })

describe('Cal.com', () => {
  it('is a registered API-key app with the booking triggers', () => {
    const app = apps.find((a) => a.id === 'calcom')
    expect(app?.auth.type).toBe('api_key')
    expect(app?.events.map((e) => e.type)).toEqual([
      'booking.created',
      'booking.rescheduled',
      'booking.cancelled',
    ])
  })

  it('lists event types and registers a webhook with requests the contract accepts', async () => {
    const types = await client().listEventTypes()
    expect(types.map((t) => t.slug)).toContain('intro-call')
    const webhook = await client().createWebhook({
      subscriberUrl: receiverUrl,
      triggers: ['BOOKING_CREATED', 'BOOKING_RESCHEDULED', 'BOOKING_CANCELLED'],
      secret: 'whsec-test',
    })
    expect(webhook.subscriberUrl).toBe(receiverUrl)
    expect(fake.requests.map((r) => [r.endpoint, r.apiVersion, r.auth, r.errors])).toEqual([
      ['eventTypes.list', '2024-06-14', 'bearer', []],
      ['webhooks.create', undefined, 'bearer', []],
    ])
  })

  it('deletes the webhook it registered, then answers 404 for it (gone already)', async () => {
    const webhook = await client().createWebhook({
      subscriberUrl: receiverUrl,
      triggers: ['BOOKING_CREATED'],
      secret: 'whsec-test',
    })
    expect(await client().deleteWebhook(String(webhook.id))).toBe(true)
    expect(await client().deleteWebhook(String(webhook.id))).toBe(false)
    expect(fake.webhooks).toEqual([])
    expect(fake.requests.map((r) => [r.method, r.endpoint, r.auth, r.errors])).toEqual([
      ['POST', 'webhooks.create', 'bearer', []],
      ['DELETE', 'webhooks.delete', 'bearer', []],
      ['DELETE', 'webhooks.delete', 'bearer', []],
    ])
  })

  it('answers 404 without cal-api-version, as Cal.com does', async () => {
    const answer = await fetch(`${fake.url}/v2/event-types`, {
      headers: { Authorization: `Bearer ${fake.apiKey}` },
    })
    expect(answer.status).toBe(404)
    expect(fake.requests[0]?.errors[0]).toContain('cal-api-version')
  })

  it('reads failures: a refused key reconnects, 429 waits for Retry-After, 5xx retries', async () => {
    const refused = await client('cal_live_wrong')
      .listEventTypes()
      .catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(AppReconnectError)
    expect(classifyAppError('Cal.com', refused)).toMatchObject({ outcome: 'dead' })

    fake.failures.add({ method: 'eventTypes.list', mode: 'rate_limit', retryAfter: 42 })
    const limited = await client()
      .listEventTypes()
      .catch((e: unknown) => e)
    expect(classifyAppError('Cal.com', limited)).toMatchObject({ outcome: 'retry', seconds: 42 })

    fake.failures.add({ method: 'eventTypes.list', mode: 'server_error', status: 503 })
    const trouble = await client()
      .listEventTypes()
      .catch((e: unknown) => e)
    expect(classifyAppError('Cal.com', trouble)).toMatchObject({ outcome: 'retry' })
    expect(await client().listEventTypes()).toHaveLength(3)
  })

  it('books on the page prefilled by Parley and signs the delivery over the raw body', async () => {
    await client().createWebhook({
      subscriberUrl: receiverUrl,
      triggers: ['BOOKING_CREATED'],
      secret: 's3cret',
    })
    const link = bookingLink(fake.bookingPage(), {
      name: 'Ana <b>',
      email: 'ana@example.com',
      metadata: { parley_session: 'sess-1' },
    })
    const form = await (await fetch(link)).text()
    expect(form).toContain('value="Ana &#60;b&#62;"')
    expect(form).toContain('name="metadata[parley_session]" value="sess-1"')
    const start = /name="start" value="([^"]+)"/.exec(form)?.[1] as string
    const booked = await fetch(link, {
      method: 'POST',
      body: new URLSearchParams({
        name: 'Ana',
        email: 'ana@example.com',
        start,
        'metadata[parley_session]': 'sess-1',
      }),
    })
    expect(booked.status).toBe(200)
    expect(received).toHaveLength(1)
    const delivery = received[0] as { body: string; signature: string }
    expect(await validCalcomSignature('s3cret', delivery.body, delivery.signature)).toBe(true)
    expect(await validCalcomSignature('other', delivery.body, delivery.signature)).toBe(false)
    const body = JSON.parse(delivery.body)
    expect(body).toMatchObject({
      triggerEvent: 'BOOKING_CREATED',
      payload: { status: 'ACCEPTED', metadata: { parley_session: 'sess-1' }, attendees: [{ name: 'Ana' }] },
    })
    // the API says the same booking in lower case
    const uid = body.payload.uid as string
    const api = await fetch(`${fake.url}/v2/bookings/${uid}`, {
      headers: { Authorization: `Bearer ${fake.apiKey}`, 'cal-api-version': '2024-08-13' },
    }).then((r) => r.json() as Promise<{ data: { status: string } }>)
    expect(api.data.status).toBe('accepted')
  })

  it('signs a delivery with the wrong secret when asked to', async () => {
    await client().createWebhook({
      subscriberUrl: receiverUrl,
      triggers: ['BOOKING_CREATED'],
      secret: 's3cret',
    })
    fake.failures.add({ method: 'webhook.deliver', mode: 'error' })
    const [type] = await client().listEventTypes()
    const start = /name="start" value="([^"]+)"/.exec(await (await fetch(fake.bookingPage())).text())?.[1]
    await fake.book(
      { ...(type as { id: number; title: string; slug: string; lengthInMinutes: number }), hidden: false },
      start as string,
      { name: 'Bo', email: 'bo@example.com', timeZone: 'UTC' },
      {},
    )
    const delivery = received[0] as { body: string; signature: string }
    expect(await validCalcomSignature('s3cret', delivery.body, delivery.signature)).toBe(false)
  })
})
