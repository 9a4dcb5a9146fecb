import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FakeChatwoot, startFakeChatwoot } from '../src/index.ts'
import { provision } from './helpers.ts'

let fake: FakeChatwoot
beforeAll(async () => {
  fake = await startFakeChatwoot({ platformToken: 'dev-platform-token' })
})
afterAll(async () => {
  await fake.stop()
})

describe('/__fake control API and page', () => {
  it('lists state, replies as an agent and resolves over HTTP; the page escapes every value', async () => {
    expect(fake.platformToken).toBe('dev-platform-token')
    const { app, inbox, account } = await provision(fake, '<script>alert("shop")</script>')
    const { contact } = await app.contacts.create({
      name: '<img src=x onerror=alert(1)>',
      email: 'x@example.com',
    })
    const conv = await app.conversations.create({ inbox_id: inbox.id, contact_id: contact.id })

    const base = `${fake.url}/__fake/accounts/${account.id}/conversations/${conv.id}`
    const reply = await fetch(`${base}/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: '<b>agent</b> here' }),
    })
    expect(await reply.json()).toMatchObject({ content: '<b>agent</b> here', message_type: 1 })
    // The HTML form posts urlencoded and is redirected back to the page.
    const form = await fetch(`${base}/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ content: 'note', private: 'true' }),
      redirect: 'manual',
    })
    expect(form.status).toBe(303)
    expect((await fetch(`${base}/resolve`, { method: 'POST' })).status).toBe(200)

    const state = (await (await fetch(`${fake.url}/__fake/state`)).json()) as {
      accounts: { id: number; conversations: { status: string; messages: { private: boolean }[] }[] }[]
    }
    const mine = state.accounts.find((a) => a.id === account.id)
    expect(mine?.conversations[0]?.status).toBe('resolved')
    expect(mine?.conversations[0]?.messages.map((m) => m.private)).toEqual([false, true])

    const page = await (await fetch(`${fake.url}/__fake/`)).text()
    expect(page).toContain('&lt;script&gt;alert(&quot;shop&quot;)&lt;/script&gt;')
    expect(page).toContain('&lt;b&gt;agent&lt;/b&gt; here')
    expect(page).not.toContain('<script>alert')
    expect(page).not.toContain('<img src=x')
    expect(page).toContain('(private note)')
  })

  it('injects failures over HTTP', async () => {
    await fetch(`${fake.url}/__fake/fail`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n: 1, status: 429, retryAfter: 2 }),
    })
    const r = await fetch(`${fake.url}/platform/api/v1/accounts`, {
      headers: { api_access_token: fake.platformToken },
    })
    expect(r.status).toBe(429)
    expect(r.headers.get('retry-after')).toBe('2')
    await fetch(`${fake.url}/__fake/down`, { method: 'POST' })
    const down = await fetch(`${fake.url}/platform/api/v1/accounts`, {
      headers: { api_access_token: fake.platformToken },
    })
    expect(down.status).toBe(503)
    await fetch(`${fake.url}/__fake/up`, { method: 'POST' })
    const up = await fetch(`${fake.url}/platform/api/v1/accounts`, {
      headers: { api_access_token: fake.platformToken },
    })
    expect(up.status).toBe(200)
  })
})
