import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type MessageEvent, verifyWebhook, type WebhookEventName } from '@parley/supabase/chatwoot'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contractViolations, type FakeChatwoot, startFakeChatwoot } from '../src/index.ts'
import { provision, startReceiver } from './helpers.ts'

let fake: FakeChatwoot
let receiver: Awaited<ReturnType<typeof startReceiver>>
beforeAll(async () => {
  fake = await startFakeChatwoot()
  receiver = await startReceiver()
})
afterAll(async () => {
  expect(contractViolations(fake.state).map((r) => `${r.method} ${r.path}: ${r.contractErrors}`)).toEqual([])
  await fake.stop()
  await receiver.stop()
})

async function setup(name: string, subscriptions?: WebhookEventName[]) {
  const p = await provision(fake, name)
  const hook = await p.app.webhooks.create({
    url: receiver.url,
    subscriptions: subscriptions ?? [
      'conversation_created',
      'conversation_status_changed',
      'conversation_updated',
      'message_created',
      'contact_created',
      'contact_updated',
      'conversation_typing_on',
      'conversation_typing_off',
      'inbox_updated',
    ],
  })
  const { contact } = await p.app.contacts.create({
    name: 'Wanda',
    email: `wanda-${p.account.id}@example.com`,
  })
  const conv = await p.app.conversations.create({ inbox_id: p.inbox.id, contact_id: contact.id })
  return { ...p, hook, contact, conv }
}

/** Deliveries about one account (typing events carry it inside the conversation). */
const forAccount = (accountId: number) =>
  receiver.received.filter((r) => {
    const conversation = r.body.conversation as { account?: { id: number } } | undefined
    return ((r.body.account as { id: number } | undefined)?.id ?? conversation?.account?.id) === accountId
  })

describe('webhook delivery', () => {
  it('delivers agent replies, notes, typing and resolve, signed and verifiable', async () => {
    const { account, hook, conv } = await setup('Signed')
    fake.control.agentReply(account.id, conv.id, 'Hi, I am Sam <b>from support</b>')
    fake.control.agentReply(account.id, conv.id, 'VIP, be nice', { private: true })
    fake.control.agentTyping(account.id, conv.id, true)
    fake.control.resolve(account.id, conv.id)
    await fake.control.deliveriesSettled()
    const mine = forAccount(account.id)
    expect(mine.map((r) => r.body.event)).toEqual([
      'contact_created',
      'conversation_created',
      'message_created',
      'message_created',
      'conversation_typing_on',
      'conversation_status_changed',
      'conversation_updated',
    ])
    for (const r of mine) {
      const verdict = await verifyWebhook({
        secret: hook.secret as string,
        timestamp: r.headers['x-chatwoot-timestamp'] as string,
        signature: r.headers['x-chatwoot-signature'] as string,
        rawBody: r.rawBody,
      })
      expect(verdict.ok).toBe(true)
      expect(r.headers['x-chatwoot-delivery']).toMatch(/^[0-9a-f-]{36}$/)
      expect(r.headers['content-type']).toBe('application/json')
    }
    const [reply, note] = mine
      .filter((r) => r.body.event === 'message_created')
      .map((r) => r.body as unknown as MessageEvent)
    expect(reply).toMatchObject({
      message_type: 'outgoing',
      private: false,
      content: 'Hi, I am Sam <b>from support</b>',
      sender: { type: 'user' },
      conversation: { id: conv.id },
      account: { id: account.id },
    })
    expect(typeof reply?.created_at).toBe('string')
    expect(note).toMatchObject({ message_type: 'outgoing', private: true })
    const status = mine.find((r) => r.body.event === 'conversation_status_changed')?.body
    expect(status).toMatchObject({
      id: conv.id,
      status: 'resolved',
      changed_attributes: [{ status: { previous_value: 'open', current_value: 'resolved' } }],
    })
    expect(mine.find((r) => r.body.event === 'conversation_typing_on')?.body).toMatchObject({
      is_private: false,
      user: { type: 'user' },
    })
  })

  it('a visitor writing after resolve reopens the conversation; incoming has a contact sender without type', async () => {
    const { account, conv } = await setup('Reopen')
    fake.control.resolve(account.id, conv.id)
    fake.control.visitorMessage(account.id, conv.id, 'one more thing')
    await fake.control.deliveriesSettled()
    const mine = forAccount(account.id)
    const incoming = mine.find((r) => r.body.event === 'message_created')?.body as unknown as MessageEvent
    expect(incoming.message_type).toBe('incoming')
    expect(incoming.sender).not.toHaveProperty('type')
    const statuses = mine
      .filter((r) => r.body.event === 'conversation_status_changed')
      .map((r) => r.body.status)
    expect(statuses).toEqual(['resolved', 'open'])
  })

  it('contact updates through the API fire contact_updated with changed_attributes', async () => {
    const { account, app, contact } = await setup('Contacts')
    await app.contacts.update(contact.id, { custom_attributes: { tier: 'gold' } })
    await app.contacts.update(contact.id, { custom_attributes: { tier: 'gold' } }) // no change: no event
    await fake.control.deliveriesSettled()
    const updates = forAccount(account.id).filter((r) => r.body.event === 'contact_updated')
    expect(updates).toHaveLength(1)
    expect(updates[0]?.body).toMatchObject({ id: contact.id, custom_attributes: { tier: 'gold' } })
    expect(updates[0]?.body.changed_attributes).toEqual([
      { custom_attributes: { previous_value: {}, current_value: { tier: 'gold' } } },
    ])
  })

  it('only subscribed events are sent; inbox_updated is deliverable', async () => {
    const { account, app, inbox } = await setup('Subscribed', ['inbox_updated'])
    await app.inboxes.update(inbox.id, { name: 'Shop chat' })
    await fake.control.deliveriesSettled()
    const mine = forAccount(account.id)
    expect(mine.map((r) => r.body.event)).toEqual(['inbox_updated'])
    expect(mine[0]?.body).toMatchObject({
      name: 'Shop chat',
      changed_attributes: [{ name: { current_value: 'Shop chat' } }],
    })
  })

  it('badSignature: deliveries do not verify; a replay carries the same delivery id', async () => {
    const { account, hook, conv } = await setup('Forged')
    fake.control.badSignature(true)
    fake.control.agentReply(account.id, conv.id, 'forged?')
    await fake.control.deliveriesSettled()
    fake.control.badSignature(false)
    const forged = forAccount(account.id).find((r) => r.body.content === 'forged?')
    if (!forged) throw new Error('no delivery')
    const verdict = await verifyWebhook({
      secret: hook.secret as string,
      timestamp: forged.headers['x-chatwoot-timestamp'] as string,
      signature: forged.headers['x-chatwoot-signature'] as string,
      rawBody: forged.rawBody,
    })
    expect(verdict).toEqual({ ok: false, reason: 'mismatch' })

    const original = fake.state.deliveries.find(
      (d) => d.accountId === account.id && d.event === 'conversation_created',
    )
    if (!original) throw new Error('no recorded delivery')
    const count = receiver.received.length
    expect(await fake.control.replayDelivery(original.id)).toBe(200)
    await expect
      .poll(() => receiver.received.slice(count).map((r) => r.headers['x-chatwoot-delivery']))
      .toEqual([original.id])
  })

  it('an unreachable receiver is recorded as failed and not retried', async () => {
    const p = await provision(fake, 'Unreachable')
    const gone = await startReceiver()
    await gone.stop()
    await p.app.webhooks.create({ url: gone.url, subscriptions: ['contact_created'] })
    await p.app.contacts.create({ name: 'Nobody', email: 'nobody@example.com' })
    await fake.control.deliveriesSettled()
    const attempts = fake.state.deliveries.filter((d) => d.accountId === p.account.id)
    expect(attempts).toHaveLength(1)
    expect(attempts[0]?.error).toBeTruthy()
  })
})

describe('API-channel inbox and delivery timeout', () => {
  it('an API inbox takes incoming messages (reopening a resolved conversation) and signs its webhook_url deliveries', async () => {
    const p = await provision(fake, 'Api inbox')
    const inboxHook = await startReceiver()
    try {
      const api = await p.app.inboxes.createApi({
        name: 'Parley handoff',
        channel: { webhook_url: inboxHook.url },
      })
      expect(api).toMatchObject({ channel_type: 'Channel::Api', webhook_url: inboxHook.url })
      expect(api.secret).toBeTruthy()
      expect(api.inbox_identifier).toBeTruthy()
      const { contact } = await p.app.contacts.create({ name: 'Ivo', email: 'ivo@example.com' })
      const conv = await p.app.conversations.create({ inbox_id: api.id, contact_id: contact.id })
      await p.app.conversations.toggleStatus(conv.id, 'resolved')
      const msg = await p.app.messages.create(conv.id, { content: 'visitor again', message_type: 'incoming' })
      expect(msg).toMatchObject({ message_type: 0, sender: { id: contact.id } })
      expect((await p.app.conversations.get(conv.id)).status).toBe('open')
      await fake.control.deliveriesSettled()
      expect(inboxHook.events()).toContain('message_created')
      for (const r of inboxHook.received) {
        const verdict = await verifyWebhook({
          secret: api.secret as string,
          timestamp: r.headers['x-chatwoot-timestamp'] as string,
          signature: r.headers['x-chatwoot-signature'] as string,
          rawBody: r.rawBody,
        })
        expect(verdict.ok).toBe(true)
      }
    } finally {
      await inboxHook.stop()
    }
  })

  it('gives up on a receiver that does not answer within the webhook timeout', async () => {
    const slowFake = await startFakeChatwoot({ webhookTimeoutMs: 100 })
    const hanging = createServer(() => {}) // never answers
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve))
    try {
      const p = await provision(slowFake, 'Timeout')
      const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/hook`
      await p.app.webhooks.create({ url, subscriptions: ['contact_created'] })
      await p.app.contacts.create({ name: 'T', email: 't@example.com' })
      await slowFake.control.deliveriesSettled()
      expect(slowFake.state.deliveries).toEqual([
        expect.objectContaining({ done: true, error: expect.stringMatching(/timeout|abort/i) }),
      ])
    } finally {
      hanging.closeAllConnections()
      hanging.close()
      await slowFake.stop()
    }
  })
})
