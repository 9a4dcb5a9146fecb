import { randomUUID } from 'node:crypto'
import { signWebhook } from '@parley/supabase/chatwoot'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BODY_LIMITS } from '../src/gateway.ts'
import {
  demoStore,
  type HandoffStack,
  type Provisioned,
  startHandoffStack,
} from './fixtures/chatwoot-handoff.ts'
import { hostileBodies, hostileStrings, mutations, random, seed, urlEncoded } from './fixtures/hostile.ts'

// The public endpoints other than the chat API, through the whole devstack: the auth API (sign-up, sign-in,
// refresh, the user, sign-out) and Chatwoot's webhook, fed malformed, oversized and hostile input, signed
// where a signature is needed so the input reaches the parser. Every answer must be a clear 4xx (or a 2xx
// where the input was merely odd) and a refused request must leave no row behind.
// Replay a failure with FUZZ_SEED=<seed printed below>.

type Body = string | Uint8Array | ReadableStream<Uint8Array>

describe(`fuzz: auth and webhooks (seed ${seed})`, () => {
  let h: HandoffStack
  let account: Provisioned
  let visitorToken: string
  let base: string
  let anonKey: string

  beforeAll(async () => {
    h = await startHandoffStack()
    account = await h.provision(demoStore)
    base = h.stack.env.SUPABASE_URL
    anonKey = h.stack.env.SUPABASE_ANON_KEY
    const visitor = h.client()
    const { data, error } = await visitor.auth.signInAnonymously()
    if (error) throw error
    visitorToken = data.session?.access_token as string
  }, 120_000)
  afterAll(() => h?.stop())

  /** Everything a public request could leave behind. */
  const footprint = async () =>
    (
      await h.stack.db.pool.query(`select
        (select count(*) from auth.users) as users, (select count(*) from auth.identities) as identities,
        (select count(*) from auth.sessions) as sessions, (select count(*) from auth.refresh_tokens) as tokens,
        (select md5(coalesce(string_agg(raw_user_meta_data::text || coalesce(email, ''), ',' order by id), ''))
           from auth.users) as users_digest,
        (select count(*) from public.chatwoot_webhook_events) as events,
        (select count(*) from public.messages) as messages`)
    ).rows[0]

  /** Sends one case: never a 5xx; a refusal is JSON with a message and changes nothing. */
  async function expectHandled(label: string, send: () => Promise<Response>) {
    const before = await footprint()
    const response = await send()
    const text = await response.text()
    const what = `${label} -> ${response.status} ${text.slice(0, 300)}`
    expect(response.status, what).toBeLessThan(500)
    if (response.status >= 400) {
      expect(await footprint(), what).toEqual(before)
      const body = JSON.parse(text) as { message?: unknown; msg?: unknown }
      expect(body.message ?? body.msg, what).toEqual(expect.any(String))
    }
  }

  const auth = (
    path: string,
    body: Body | undefined,
    headers: Record<string, string> = {},
    method = 'POST',
  ) =>
    fetch(`${base}/auth/v1${path}`, {
      method,
      headers: {
        apikey: anonKey,
        authorization: `Bearer ${anonKey}`,
        'content-type': 'application/json',
        'x-supabase-api-version': '2024-01-01',
        ...headers,
      },
      ...(body === undefined ? {} : { body, duplex: 'half' }),
    } as RequestInit)

  const json = (value: unknown) => JSON.stringify(value)
  /** A body sent in chunks without Content-Length: limits must hold while streaming too. */
  const chunked = (bytes: number): ReadableStream<Uint8Array> => {
    let sent = 0
    return new ReadableStream({
      pull(controller) {
        if (sent >= bytes) return controller.close()
        const chunk = new TextEncoder().encode('x'.repeat(Math.min(16_384, bytes - sent)))
        sent += chunk.byteLength
        controller.enqueue(chunk)
      },
    })
  }

  it('auth: sign-up, sign-in, refresh and user updates with hostile fields', async () => {
    const next = random(seed)
    const cases: Array<[string, string, unknown, Record<string, string>?, string?]> = [
      ...mutations(
        { email: 'fuzz@x.test', password: 'correct-horse-1', data: { full_name: 'Fuzz' } },
        40,
        next,
      ).map((b) => ['/signup', 'sign-up', b] as [string, string, unknown]),
      ...mutations({ data: { visitor: true } }, 25, next).map(
        (b) => ['/signup', 'anonymous', b] as [string, string, unknown],
      ),
      ...mutations({ email: 'fuzz@x.test', password: 'wrong-horse' }, 30, next).map(
        (b) => ['/token?grant_type=password', 'password', b] as [string, string, unknown],
      ),
      ...mutations({ refresh_token: 'abcdefghijkl' }, 20, next).map(
        (b) => ['/token?grant_type=refresh_token', 'refresh', b] as [string, string, unknown],
      ),
      ...mutations({ data: { theme: 'dark' } }, 30, next).map(
        (b) =>
          ['/user', 'user update', b, { authorization: `Bearer ${visitorToken}` }, 'PUT'] as [
            string,
            string,
            unknown,
            Record<string, string>,
            string,
          ],
      ),
    ]
    for (const [path, what, body, headers, method] of cases) {
      await expectHandled(`${what} ${json(body).slice(0, 120)}`, () =>
        auth(path, json(body), headers, method),
      )
    }
  })

  it('auth: broken bodies, oversized bodies, hostile queries and tokens', async () => {
    for (const path of ['/signup', '/token?grant_type=password', '/token?grant_type=refresh_token']) {
      for (const body of hostileBodies) {
        await expectHandled(`${path} raw ${String(body).slice(0, 60)}`, () => auth(path, body))
      }
      const max = BODY_LIMITS['/auth/v1']
      for (const body of [json({ data: { blob: 'x'.repeat(max) } }), chunked(max + 1)] as Body[]) {
        const response = await auth(path, body)
        expect(response.status, `${path} oversized`).toBe(413)
        expect(await response.json()).toMatchObject({ code: 'request_entity_too_large' })
      }
    }
    for (const value of hostileStrings.slice(0, 14)) {
      const query = urlEncoded(value)
      await expectHandled(`grant_type=${json(value)}`, () => auth(`/token?grant_type=${query}`, '{}'))
      await expectHandled(`scope=${json(value)}`, () =>
        auth(`/logout?scope=${query}`, undefined, { authorization: `Bearer ${visitorToken}` }),
      )
    }
    const forged = (claims: object) =>
      `${Buffer.from(json({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(json(claims)).toString('base64url')}.`
    for (const token of [
      'a.b.c',
      'x'.repeat(8000),
      forged({ sub: randomUUID(), role: 'service_role', exp: 2e9 }),
      forged({ sub: '\u0000', role: 'authenticated', exp: 2e9 }),
    ]) {
      await expectHandled(`token ${token.slice(0, 40)}`, () =>
        auth('/user', undefined, { authorization: `Bearer ${token}` }, 'GET'),
      )
    }
  })

  it("webhooks: Chatwoot's handler with hostile events, signed so they reach the parser", async () => {
    const url = (store: string) => `${base}/functions/v1/chatwoot-webhook-handler?store=${store}`
    const deliver = async (
      rawBody: string | Uint8Array,
      headers: Record<string, string> = {},
      target = url(demoStore),
    ) => {
      const text = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody)
      const timestamp = Math.floor(Date.now() / 1000)
      const signature = await signWebhook({ secret: account.webhookSecret, timestamp, rawBody: text })
      return fetch(target, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-chatwoot-signature': signature,
          'x-chatwoot-timestamp': String(timestamp),
          'x-chatwoot-delivery': randomUUID(),
          ...headers,
        },
        body: rawBody as BodyInit,
      })
    }
    const valid = {
      event: 'message_created',
      id: 1,
      content: 'hello',
      message_type: 'outgoing',
      private: false,
      sender: { type: 'user' },
      conversation: { id: 424242 },
      account: { id: account.accountId },
    }
    for (const body of mutations(valid, 60, random(seed + 1))) {
      await expectHandled(`event ${json(body).slice(0, 120)}`, () => deliver(json(body)))
    }
    for (const body of hostileBodies) {
      await expectHandled(`raw event ${String(body).slice(0, 60)}`, () => deliver(body))
    }
    for (const header of ['x-chatwoot-timestamp', 'x-chatwoot-signature', 'x-chatwoot-delivery']) {
      for (const value of ['', 'x'.repeat(5000), '-1', '99999999999999999999', 'sha256=zz', '\u00ff\u00fe']) {
        await expectHandled(`${header}: ${value.slice(0, 20)}`, () =>
          deliver(json(valid), { [header]: value }),
        )
      }
    }
    for (const store of [...hostileStrings.slice(0, 14), randomUUID(), '../outbox']) {
      await expectHandled(`store=${json(store)}`, () => deliver(json(valid), {}, url(urlEncoded(store))))
    }
    for (const body of [json({ ...valid, content: 'x'.repeat(600_000) }), chunked(600_000)]) {
      const response = await fetch(url(demoStore), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        duplex: 'half',
      } as RequestInit)
      expect(response.status, 'oversized event').toBe(413)
    }
  })
})
