// Stripe sends a delivery the endpoint did not take again, with backoff: an endpoint that answers 500 (or
// cannot be reached) for a while still gets every event, once it is back. The backoff here is a
// few milliseconds; by default it is Stripe-like (5 s doubling).
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'
import { afterEach, describe, expect, it } from 'vitest'
import { type FakeStripe, startFakeStripe } from '../src/index.ts'

let fake: FakeStripe | undefined
let receiver: Server | undefined
afterEach(async () => {
  await fake?.stop()
  receiver?.close()
})

/** An endpoint that answers 500 to the first `failures` deliveries of each event, then 200; what it took. */
async function endpoint(failures: number) {
  const taken: Stripe.Event[] = []
  const seen = new Map<string, number>()
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const event = Stripe.webhooks.constructEvent(
        Buffer.concat(chunks).toString(),
        String(req.headers['stripe-signature']),
        fake?.webhookSecret ?? '',
      )
      seen.set(event.id, (seen.get(event.id) ?? 0) + 1)
      if ((seen.get(event.id) ?? 0) <= failures) {
        res.statusCode = 500
        return res.end('down')
      }
      taken.push(event)
      res.end('ok')
    })
  })
  await new Promise<void>((r) => receiver?.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, taken }
}

async function paymentSession(f: FakeStripe) {
  const stripe = new Stripe('sk_test_parley', { host: f.host, port: f.port, protocol: 'http' })
  return stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [
      { price_data: { currency: 'eur', unit_amount: 4250, product_data: { name: 'Tent' } }, quantity: 1 },
    ],
    success_url: 'http://shop.example/paid',
  })
}

const completed = (f: FakeStripe | undefined) =>
  f?.webhooks.deliveries.filter((d) => d.type === 'checkout.session.completed') ?? []

describe('webhook retries', () => {
  it('an endpoint that answers 500 twice gets the event on the third delivery, once', async () => {
    const hook = await endpoint(2)
    fake = await startFakeStripe({ webhookUrl: hook.url, webhookRetry: { backoffMs: () => 5 } })
    const session = await paymentSession(fake)
    fake.control.completeCheckout(session.id)
    await expect
      .poll(() => hook.taken.map((e) => e.type).sort(), { timeout: 10_000 })
      .toEqual(['checkout.session.completed', 'customer.created'])
    // The endpoint has the event before the fake has read its answer: wait for the record too.
    await expect
      .poll(() => completed(fake).map((d) => [d.attempt, d.status]))
      .toEqual([
        [1, 500],
        [2, 500],
        [3, 200],
      ])
    expect(fake.webhooks.pendingRetries).toBe(0)
  })

  it('waits longer after each failure, and gives up after the last attempt', async () => {
    const waits: number[] = []
    const hook = await endpoint(Number.POSITIVE_INFINITY)
    fake = await startFakeStripe({
      webhookUrl: hook.url,
      webhookRetry: { attempts: 4, sleep: async (ms) => void waits.push(ms) },
    })
    fake.control.completeCheckout((await paymentSession(fake)).id)
    await expect.poll(() => completed(fake).length, { timeout: 10_000 }).toBe(4)
    await expect.poll(() => fake?.webhooks.pendingRetries, { timeout: 10_000 }).toBe(0)
    await fake.control.deliveriesSettled()
    expect(completed(fake).map((d) => d.attempt)).toEqual([1, 2, 3, 4])
    // each event's own backoff: 5 s, 10 s, 20 s
    expect(waits.sort((a, b) => a - b)).toEqual([5_000, 5_000, 10_000, 10_000, 20_000, 20_000])
    expect(hook.taken).toEqual([])
  })

  it('retries an endpoint it could not reach; never a replay, a forged or a stale delivery', async () => {
    const hook = await endpoint(0)
    fake = await startFakeStripe({ webhookUrl: hook.url, webhookRetry: { backoffMs: () => 5 } })
    fake.control.failDeliveries(1)
    const session = await paymentSession(fake)
    fake.control.completeCheckout(session.id)
    await expect.poll(() => hook.taken.length, { timeout: 10_000 }).toBe(2)
    // the first delivery (customer.created) was lost and sent again; each event arrived once
    expect(fake.webhooks.deliveries.map((d) => d.attempt).sort()).toEqual([1, 1, 2])
    expect(new Set(hook.taken.map((e) => e.id)).size).toBe(2)

    const eventId = hook.taken[0]?.id ?? ''
    fake.control.failDeliveries(1)
    fake.control.replayEvent(eventId)
    fake.control.badSignature()
    fake.control.replayEvent(eventId)
    fake.control.badSignature(false)
    await fake.control.deliveriesSettled()
    expect(fake.webhooks.pendingRetries).toBe(0)
    expect(fake.webhooks.deliveries).toHaveLength(5)
  })
})
