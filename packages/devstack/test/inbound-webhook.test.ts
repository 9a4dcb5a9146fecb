// The one inbound webhook shape (_shared/inbound-webhook.ts) through the real functions and database, on a
// store's Stripe payments webhook: verified deliveries past the store's allowance are refused with 429 and a
// Retry-After and stored nowhere; a sender past its address's allowance is refused before anything is
// verified; a forged delivery is 400 and a replay is stored once. Limits are made small for the test.
import { createHmac, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDatabaseUrl } from '../src/testing.ts'
import {
  demoStore,
  encryptSecret,
  type HandoffStack,
  startHandoffStack,
} from './fixtures/chatwoot-handoff.ts'

const secret = 'whsec_inbound_test_secret'

describe('inbound webhooks: one shape, rate limited', () => {
  let h: HandoffStack
  let url = ''

  beforeAll(async () => {
    h = await startHandoffStack({
      databaseUrl: testDatabaseUrl,
      env: ['WEBHOOK_LIMIT_PER_STORE_PER_MINUTE=2', 'WEBHOOK_LIMIT_PER_ADDRESS_PER_MINUTE=5'],
    })
    await h.stack.db.pool.query(
      `insert into public.integrations (store_id, provider, status, credentials_encrypted, webhook_secret_encrypted)
       values ($1, 'stripe', 'connected', $2, $3)
       on conflict (store_id, provider) do update set status = 'connected',
         credentials_encrypted = excluded.credentials_encrypted, webhook_secret_encrypted = excluded.webhook_secret_encrypted`,
      [demoStore, encryptSecret(h.key, 'rk_test_inbound'), encryptSecret(h.key, secret)],
    )
    url = `${h.stack.env.SUPABASE_URL}/functions/v1/stripe-payments/${demoStore}`
  }, 400_000)
  afterAll(async () => {
    await h?.stop()
  })

  /** A delivery signed the way Stripe signs (t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">). */
  function send(eventId: string, key = secret) {
    const body = JSON.stringify({
      id: eventId,
      object: 'event',
      type: 'customer.created',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'cus_inbound', object: 'customer' } },
    })
    const t = Math.floor(Date.now() / 1000)
    const v1 = createHmac('sha256', key).update(`${t}.${body}`).digest('hex')
    return fetch(url, { method: 'POST', headers: { 'stripe-signature': `t=${t},v1=${v1}` }, body })
  }
  const stored = async () =>
    (
      await h.stack.db.pool.query(`select id from public.payment_events where store_id = $1 order by id`, [
        demoStore,
      ])
    ).rows.map((r) => r.id as string)

  it('stores a replay once, refuses a forged delivery, and refuses the store past its allowance with Retry-After', async () => {
    const first = `evt_${randomUUID().slice(0, 8)}`
    const answers = [await send(first), await send(first)]
    expect(answers.map((a) => a.status)).toEqual([200, 200])
    expect((await answers[1]?.json())?.outcome).toMatch(/^duplicate/)

    const forged = await send(`evt_forged`, 'whsec_not_the_secret')
    expect(forged.status).toBe(400)
    expect((await forged.json()).code).toBe('invalid_signature')

    const third = await send(`evt_${randomUUID().slice(0, 8)}`)
    expect(third.status).toBe(429)
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await third.json()).code).toBe('rate_limited')
    expect(await stored()).toEqual([first])
  })

  it('refuses a sender past its address allowance before verifying anything', async () => {
    // four of the five requests this address may send in the minute were sent above
    const last = await send('evt_address', 'whsec_not_the_secret')
    expect(last.status).toBe(400)
    const refused = await send('evt_address', 'whsec_not_the_secret')
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    // past the address's allowance even a good delivery waits: nothing is verified or stored
    expect((await send(`evt_${randomUUID().slice(0, 8)}`)).status).toBe(429)
    expect(await stored()).toHaveLength(1)
  })
})
