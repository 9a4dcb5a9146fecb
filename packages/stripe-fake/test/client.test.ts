// The real stripe-node client (pinned) against the fake: every call Parley makes, the errors it must
// survive, and webhooks that stripe.webhooks.constructEvent accepts (or refuses).
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiVersion, type FakeStripe, startFakeStripe } from '../src/index.ts'

let fake: FakeStripe
let stripe: Stripe
let receiver: Server
const received: { body: string; signature: string }[] = []

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({
        body: Buffer.concat(chunks).toString(),
        signature: String(req.headers['stripe-signature']),
      })
      res.end('ok')
    })
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
  fake = await startFakeStripe({ webhookUrl: hook })
  stripe = new Stripe('sk_test_parley', {
    apiVersion: apiVersion as Stripe.LatestApiVersion,
    host: fake.host,
    port: fake.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  })
})
afterAll(async () => {
  await fake.stop()
  receiver.close()
})

async function clearReceived() {
  await fake.control.deliveriesSettled()
  received.length = 0
}

const lastReceived = () => {
  const last = received.at(-1)
  if (!last) throw new Error('nothing received')
  return last
}

const verified = (delivery: { body: string; signature: string }) =>
  stripe.webhooks.constructEvent(delivery.body, delivery.signature, fake.webhookSecret)

async function subscribe(lookupKey = 'parley_starter_monthly') {
  const prices = await stripe.prices.list({
    lookup_keys: [lookupKey],
    active: true,
    expand: ['data.product'],
  })
  const customer = await stripe.customers.create({ email: 'owner@example.com', metadata: { store: 's1' } })
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer: customer.id,
    client_reference_id: 's1',
    line_items: [{ price: prices.data[0]?.id ?? '', quantity: 1 }],
    subscription_data: { metadata: { store: 's1' } },
    success_url: 'http://app.example/billing?checkout={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://app.example/billing',
  })
  return { prices, customer, session }
}

describe('the stripe client against the fake', () => {
  it('finds prices by lookup key and creates a subscription Checkout that completes', async () => {
    const { prices, customer, session } = await subscribe()
    expect(prices.data).toHaveLength(1)
    expect((prices.data[0]?.product as Stripe.Product | undefined)?.name).toBe('Parley Starter')
    expect(session.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/checkout\/cs_test_/)
    expect(session.status).toBe('open')
    expect(fake.state.requests.at(-1)?.stripeVersion).toBe(apiVersion)

    await clearReceived()
    expect(fake.control.completeCheckout(session.id)).toBeNull()
    await fake.control.deliveriesSettled()
    const events = received.map(verified)
    expect(events.map((e) => e.type)).toEqual([
      'checkout.session.completed',
      'customer.subscription.created',
      'invoice.paid',
    ])
    const done = await stripe.checkout.sessions.retrieve(session.id)
    expect(done).toMatchObject({
      status: 'complete',
      url: null,
      customer: customer.id,
      client_reference_id: 's1',
    })
    const sub = await stripe.subscriptions.retrieve(String(done.subscription))
    expect(sub.metadata).toEqual({ store: 's1' })
    expect(sub.items.data[0]?.current_period_end).toBeGreaterThan(
      sub.items.data[0]?.current_period_start ?? 0,
    )
    expect(sub.items.data[0]?.price.lookup_key).toBe('parley_starter_monthly')
    const invoice = events[2]?.data.object as Stripe.Invoice
    expect(invoice.parent?.subscription_details?.subscription).toBe(sub.id)
    const portal = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: 'http://app.example',
    })
    expect(portal.url).toContain('/portal/bps_')
  })

  it('refuses unknown parameters and enum values outside the version, as Stripe does', async () => {
    await expect(
      stripe.customers.create({ emial: 'typo@example.com' } as Stripe.CustomerCreateParams),
    ).rejects.toMatchObject({ type: 'StripeInvalidRequestError', code: 'parameter_unknown', param: 'emial' })
    await expect(
      stripe.checkout.sessions.create({
        mode: 'subscription',
        ui_mode: 'hosted',
      } as Stripe.Checkout.SessionCreateParams),
    ).rejects.toMatchObject({ param: 'ui_mode' })
    await expect(
      new Stripe('sk_live_nope', { host: fake.host, port: fake.port, protocol: 'http' }).customers.create(),
    ).rejects.toMatchObject({ type: 'StripeAuthenticationError' })
  })

  it('replays an idempotent POST and refuses the key with other parameters', async () => {
    const a = await stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'k-1' })
    const again = await stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'k-1' })
    expect(again.id).toBe(a.id)
    await expect(
      stripe.customers.create({ email: 'b@example.com' }, { idempotencyKey: 'k-1' }),
    ).rejects.toMatchObject({ type: 'StripeIdempotencyError' })
  })

  it('injects 429, 500 and declined cards', async () => {
    fake.control.failNext(1, 429)
    await expect(stripe.customers.create()).rejects.toMatchObject({
      type: 'StripeRateLimitError',
      code: 'rate_limit',
    })
    fake.control.failNext(1, 500)
    await expect(stripe.customers.create({}, { idempotencyKey: 'k-500' })).rejects.toMatchObject({
      type: 'StripeAPIError',
    })
    // a 500 began executing: the same key answers the same 500
    await expect(stripe.customers.create({}, { idempotencyKey: 'k-500' })).rejects.toMatchObject({
      type: 'StripeAPIError',
    })
    const retrying = new Stripe('sk_test_parley', {
      host: fake.host,
      port: fake.port,
      protocol: 'http',
      maxNetworkRetries: 2,
    })
    fake.control.failNext(1, 503)
    expect((await retrying.customers.create({ email: 'r@example.com' })).email).toBe('r@example.com')

    const { session } = await subscribe()
    const page = await fetch(session.url ?? '')
    expect(await page.text()).toContain('Subscribe')
    const declined = await fetch(`${fake.url}/checkout/${session.id}/pay`, {
      method: 'POST',
      body: new URLSearchParams({ email: 'o@example.com', card: '4000 0000 0000 0002' }),
      redirect: 'manual',
    })
    expect(declined.status).toBe(402)
    expect(await declined.text()).toContain('Your card was declined.')
    const paid = await fetch(`${fake.url}/checkout/${session.id}/pay`, {
      method: 'POST',
      body: new URLSearchParams({ email: 'o@example.com', card: '4242424242424242' }),
      redirect: 'manual',
    })
    expect(paid.headers.get('location')).toBe(`http://app.example/billing?checkout=${session.id}`)
  })

  it('deletes a registered webhook endpoint once: again is 404 resource_missing', async () => {
    const endpoint = await stripe.webhookEndpoints.create({
      url: 'https://example.com/hooks/stripe',
      enabled_events: ['checkout.session.completed'],
    })
    expect(await stripe.webhookEndpoints.del(endpoint.id)).toEqual({
      id: endpoint.id,
      object: 'webhook_endpoint',
      deleted: true,
    })
    await expect(stripe.webhookEndpoints.del(endpoint.id)).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    })
  })

  it('dedupes meter events on their identifier', async () => {
    const customer = await stripe.customers.create()
    const event = {
      event_name: 'parley_conversations',
      payload: { stripe_customer_id: customer.id, value: '3' },
      identifier: 'meter:s1:conv:1',
    }
    await stripe.billing.meterEvents.create(event)
    await stripe.billing.meterEvents.create({ ...event, payload: { ...event.payload, value: '4' } })
    expect(fake.state.meterEvents.get('meter:s1:conv:1')?.payload.value).toBe('3')
  })

  it('holds, reorders, replays and signs webhooks stale or wrong on demand', async () => {
    const { session } = await subscribe()
    await clearReceived()
    fake.control.holdEvents()
    fake.control.completeCheckout(session.id)
    expect(received).toHaveLength(0)
    const held = fake.webhooks.held.map((e) => e.id)
    fake.control.releaseEvents([...held].reverse())
    await fake.control.deliveriesSettled()
    expect(received.map((d) => verified(d).id)).toEqual([...held].reverse())

    fake.control.replayEvent(held[0] ?? '')
    await fake.control.deliveriesSettled()
    expect(verified(lastReceived()).id).toBe(held[0])

    fake.control.signStale(301)
    fake.control.replayEvent(held[0] ?? '')
    await fake.control.deliveriesSettled()
    expect(() => verified(lastReceived())).toThrow(/tolerance/)
    fake.control.signStale(0)
    fake.control.badSignature()
    fake.control.replayEvent(held[0] ?? '')
    await fake.control.deliveriesSettled()
    expect(() => verified(lastReceived())).toThrow(/signature/i)
    fake.control.badSignature(false)
  })

  it('moves a subscription through upgrade, cancel at period end, failed payment and the end', async () => {
    const { session } = await subscribe()
    fake.control.completeCheckout(session.id)
    const subId = String(fake.state.checkoutSessions.get(session.id)?.subscription)
    await clearReceived()
    fake.control.switchPrice(subId, 'parley_pro_monthly')
    fake.control.failPayment(subId)
    fake.control.cancelAtPeriodEnd(subId)
    fake.control.endPeriod(subId)
    await fake.control.deliveriesSettled()
    const events = received.map(verified)
    expect(events.map((e) => e.type)).toEqual([
      'customer.subscription.updated',
      'invoice.payment_failed',
      'customer.subscription.updated',
      'customer.subscription.updated',
      'customer.subscription.deleted',
    ])
    const list = await stripe.subscriptions.list({ customer: fake.state.subscriptions.get(subId)?.customer })
    expect(list.data).toHaveLength(0)
    const all = await stripe.subscriptions.list({
      customer: fake.state.subscriptions.get(subId)?.customer,
      status: 'all',
    })
    expect(all.data[0]?.status).toBe('canceled')
  })
})
