import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { identifierHash, signWebhook, verifyWebhook } from '../index.ts'

const secret = 'whsec_test'
const body = '{"event":"message_created","content":"Grüße"}'
const now = 1_800_000_000_000
const ts = String(now / 1000)

describe('webhook signatures', () => {
  it('signs like Chatwoot: sha256=hex(HMAC(secret, "ts.body"))', async () => {
    const expected = createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')
    expect(await signWebhook({ secret, timestamp: ts, rawBody: body })).toBe(`sha256=${expected}`)
  })

  it('verifies a genuine delivery, from a string or the raw bytes', async () => {
    const signature = await signWebhook({ secret, timestamp: ts, rawBody: body })
    expect(await verifyWebhook({ secret, timestamp: ts, signature, rawBody: body, now })).toEqual({
      ok: true,
      timestamp: Number(ts),
    })
    const bytes = new TextEncoder().encode(body)
    expect((await verifyWebhook({ secret, timestamp: ts, signature, rawBody: bytes, now })).ok).toBe(true)
  })

  it('refuses forged, tampered, malformed, missing, stale and future deliveries', async () => {
    const signature = await signWebhook({ secret, timestamp: ts, rawBody: body })
    const check = (o: Partial<Parameters<typeof verifyWebhook>[0]>) =>
      verifyWebhook({ secret, timestamp: ts, signature, rawBody: body, now, ...o })
    expect(await check({ secret: 'other' })).toEqual({ ok: false, reason: 'mismatch' })
    expect(await check({ rawBody: body.replace('Grüße', 'Hallo') })).toEqual({
      ok: false,
      reason: 'mismatch',
    })
    expect(await check({ signature: signature.replace('sha256=', '') })).toEqual({
      ok: false,
      reason: 'malformed',
    })
    expect(await check({ signature: 'sha256=zz' })).toEqual({ ok: false, reason: 'malformed' })
    expect(await check({ signature: null })).toEqual({ ok: false, reason: 'missing' })
    expect(await check({ timestamp: 'yesterday' })).toEqual({ ok: false, reason: 'malformed' })
    // A replay of a genuine old delivery: the signature is valid, the timestamp is not.
    expect(await check({ now: now + 301_000 })).toEqual({ ok: false, reason: 'stale' })
    expect(await check({ now: now + 299_000 })).toMatchObject({ ok: true })
    expect(await check({ now: now - 301_000 })).toEqual({ ok: false, reason: 'future' })
    expect(await check({ now: now + 3_600_000, toleranceSeconds: 7200 })).toMatchObject({ ok: true })
    // A signature for another timestamp does not verify
    const other = await signWebhook({ secret, timestamp: Number(ts) + 1, rawBody: body })
    expect(await check({ signature: other })).toEqual({ ok: false, reason: 'mismatch' })
  })

  it('identifier_hash is hex HMAC-SHA256 of the identifier keyed by the inbox hmac_token', async () => {
    const expected = createHmac('sha256', 'hmac-token').update('customer-42').digest('hex')
    expect(await identifierHash('customer-42', 'hmac-token')).toBe(expected)
    expect(await identifierHash(42, 'k')).toBe(createHmac('sha256', 'k').update('42').digest('hex'))
  })
})
