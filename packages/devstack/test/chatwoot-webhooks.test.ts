import { randomUUID } from 'node:crypto'
import { signWebhook } from '@parley/supabase/chatwoot'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  demoStore,
  type HandoffStack,
  type Provisioned,
  startHandoffStack,
} from './fixtures/chatwoot-handoff.ts'

// supabase/functions/chatwoot-webhook-handler through the devstack, with deliveries from the fake
// Chatwoot (signed with the store's webhook secret) and hand-made ones (forged, stale, replayed, bad).
const demoBot = 'de000000-0000-4000-8000-000000000020'

describe('chatwoot-webhook-handler', () => {
  let h: HandoffStack
  let account: Provisioned
  let url: string

  beforeAll(async () => {
    h = await startHandoffStack()
    account = await h.provision(demoStore)
    url = `${h.stack.env.SUPABASE_URL}/functions/v1/chatwoot-webhook-handler?store=${demoStore}`
  }, 120_000)
  afterAll(async () => {
    await h?.stop()
  })

  /** A session of the demo store already handed to a Chatwoot conversation. */
  async function handedOffSession(status = 'human') {
    const contact = await account.app.contacts.create({ name: 'Webhook visitor' })
    const conversation = await account.app.conversations.create({
      inbox_id: account.apiInboxId,
      contact_id: contact.contact.id,
    })
    const { data } = await h.service
      .from('chat_sessions')
      .insert({ store_id: demoStore, chatbot_id: demoBot, status, chatwoot_conversation_id: conversation.id })
      .select('id')
      .single<{ id: string }>()
      .throwOnError()
    return { sessionId: data.id, conversationId: conversation.id }
  }

  async function messagesOf(sessionId: string) {
    const { data } = await h.service
      .from('messages')
      .select('sender, content, chatwoot_message_id, is_private')
      .eq('session_id', sessionId)
      .order('id')
      .throwOnError()
    return data as {
      sender: string
      content: string
      chatwoot_message_id: number | null
      is_private: boolean
    }[]
  }

  async function post(body: string, headers: Record<string, string>, target = url) {
    const response = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }

  async function signed(
    body: unknown,
    options: { timestamp?: number; secret?: string; delivery?: string } = {},
  ) {
    const rawBody = typeof body === 'string' ? body : JSON.stringify(body)
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000)
    const signature = await signWebhook({
      secret: options.secret ?? account.webhookSecret,
      timestamp,
      rawBody,
    })
    return post(rawBody, {
      'x-chatwoot-signature': signature,
      'x-chatwoot-timestamp': String(timestamp),
      'x-chatwoot-delivery': options.delivery ?? randomUUID(),
    })
  }

  it('stores an agent reply as an agent message, once, and a replayed delivery changes nothing', async () => {
    const { sessionId, conversationId } = await handedOffSession('queued')
    h.fake.control.agentReply(account.accountId, conversationId, 'Hi, I am Anna from the shop.')
    await h.fake.control.deliveriesSettled()
    const delivered = h.fake.state.deliveries.filter((d) => d.event === 'message_created').at(-1)
    expect(delivered?.status).toBe(200)
    expect(await messagesOf(sessionId)).toEqual([
      {
        sender: 'agent',
        content: 'Hi, I am Anna from the shop.',
        chatwoot_message_id: expect.any(Number),
        is_private: false,
      },
    ])
    // an agent answering means a person has the conversation
    const session = await h.service.from('chat_sessions').select('status').eq('id', sessionId).single()
    expect(session.data?.status).toBe('human')

    const events = await h.service
      .from('chatwoot_webhook_events')
      .select('id')
      .eq('delivery_id', delivered?.id ?? '')
    expect(events.data).toHaveLength(1)
    await h.fake.control.replayDelivery(delivered?.id ?? '')
    await h.fake.control.deliveriesSettled()
    expect(h.fake.state.deliveries.at(-1)?.status).toBe(200)
    expect(await messagesOf(sessionId)).toHaveLength(1)
  })

  it('never delivers private notes to the visitor, and ignores incoming (our own forwards)', async () => {
    const { sessionId, conversationId } = await handedOffSession()
    h.fake.control.agentReply(account.accountId, conversationId, 'internal: VIP, be nice', { private: true })
    h.fake.control.visitorMessage(account.accountId, conversationId, 'echo of the visitor')
    h.fake.control.agentReply(account.accountId, conversationId, 'Public answer')
    await h.fake.control.deliveriesSettled()
    expect((await messagesOf(sessionId)).map((m) => m.content)).toEqual(['Public answer'])
    const stored = await h.service
      .from('chatwoot_webhook_events')
      .select('outcome')
      .eq('store_id', demoStore)
      .like('outcome', 'ignored: private%')
    expect(stored.data?.length).toBeGreaterThan(0)
  })

  it('resolving in Chatwoot resolves the session; reopening hands it back to a person', async () => {
    const { sessionId, conversationId } = await handedOffSession()
    h.fake.control.resolve(account.accountId, conversationId)
    await h.fake.control.deliveriesSettled()
    const resolved = await h.service
      .from('chat_sessions')
      .select('status, resolved_at')
      .eq('id', sessionId)
      .single()
    expect(resolved.data).toEqual({ status: 'resolved', resolved_at: expect.any(String) })
    h.fake.control.setStatus(account.accountId, conversationId, 'open')
    await h.fake.control.deliveriesSettled()
    const reopened = await h.service
      .from('chat_sessions')
      .select('status, resolved_at')
      .eq('id', sessionId)
      .single()
    expect(reopened.data).toEqual({ status: 'human', resolved_at: null })
  })

  it('refuses forged signatures and stale timestamps with a bare 401, storing nothing', async () => {
    const { sessionId, conversationId } = await handedOffSession()
    h.fake.control.badSignature(true)
    h.fake.control.agentReply(account.accountId, conversationId, 'forged')
    await h.fake.control.deliveriesSettled()
    h.fake.control.badSignature(false)
    const forged = h.fake.state.deliveries.at(-1)
    expect(forged?.status).toBe(401)
    expect(await messagesOf(sessionId)).toEqual([])

    const event = JSON.parse(forged?.body ?? '{}')
    const stale = await signed(event, { timestamp: Math.floor(Date.now() / 1000) - 301 })
    expect(stale).toEqual({ status: 401, body: { code: 'unauthorized', message: 'Invalid signature' } })
    const wrongKey = await signed(event, { secret: 'not-the-secret' })
    expect(wrongKey).toEqual(stale)
    const unsigned = await post(JSON.stringify(event), { 'x-chatwoot-delivery': randomUUID() })
    expect(unsigned).toEqual(stale)
    // another store's id with this store's signature: that store has no such secret
    const otherStore = await post(JSON.stringify(event), {}, url.replace(demoStore, randomUUID()))
    expect(otherStore).toEqual(stale)
    expect(await messagesOf(sessionId)).toEqual([])
    const stored = await h.service
      .from('chatwoot_webhook_events')
      .select('id')
      .eq('delivery_id', forged?.id ?? '')
    expect(stored.data).toEqual([])
  })

  it('stores unknown events and ignores them; bad requests get 4xx, never 500', async () => {
    const delivery = randomUUID()
    const unknown = await signed(
      { event: 'conversation_created', id: 1, account: { id: account.accountId } },
      { delivery },
    )
    expect(unknown).toEqual({ status: 200, body: { ok: true, outcome: 'ignored: conversation_created' } })
    const row = await h.service
      .from('chatwoot_webhook_events')
      .select('event, outcome')
      .eq('delivery_id', delivery)
      .single()
    expect(row.data).toEqual({ event: 'conversation_created', outcome: 'ignored: conversation_created' })

    expect((await signed('not json')).status).toBe(400)
    expect((await signed({ no: 'event' })).status).toBe(400)
    expect((await signed({ event: 'message_created' }, { delivery: '' })).status).toBe(400)
    expect((await post('{}', {}, url.replace(demoStore, 'not-a-uuid'))).status).toBe(400)
    const huge = await post(JSON.stringify({ event: 'x', pad: 'a'.repeat(600 * 1024) }), {})
    expect(huge.status).toBe(413)
    // a malformed but signed message event does not crash the handler
    const odd = await signed({
      event: 'message_created',
      message_type: 'outgoing',
      private: false,
      sender: { type: 'user' },
    })
    expect(odd.status).toBeLessThan(500)
  })

  it('relays agent typing to the session topic as a broadcast from the agent', async () => {
    const { sessionId, conversationId } = await handedOffSession()
    // The session's topic is private: its visitor (or the store's team) may listen.
    const visitor = h.client()
    const { data: signedIn, error } = await visitor.auth.signInAnonymously()
    if (error) throw error
    await h.service
      .from('chat_sessions')
      .update({ visitor_id: signedIn.user?.id })
      .eq('id', sessionId)
      .throwOnError()
    const typing: unknown[] = []
    const channel = visitor
      .channel(`session:${sessionId}`, { config: { private: true } })
      .on('broadcast', { event: 'typing' }, ({ payload }) => {
        typing.push(payload)
      })
    await new Promise<void>((resolve, reject) =>
      channel.subscribe((state) =>
        state === 'SUBSCRIBED' ? resolve() : state === 'CHANNEL_ERROR' ? reject(new Error(state)) : undefined,
      ),
    )
    h.fake.control.agentTyping(account.accountId, conversationId, true)
    await expect.poll(() => typing[0]).toEqual({ sender: 'agent', typing: true })
    h.fake.control.agentTyping(account.accountId, conversationId, false)
    await expect.poll(() => typing[1]).toEqual({ sender: 'agent', typing: false })
    await visitor.removeChannel(channel)
  })

  it('applies an agent edit of the contact to the linked Parley contact', async () => {
    const { data: contact } = await h.service
      .from('contacts')
      .insert({ store_id: demoStore, name: 'Old Name', external_id: `ext-${randomUUID()}` })
      .select('id, external_id')
      .single<{ id: string; external_id: string }>()
      .throwOnError()
    const created = await account.app.contacts.create({ name: 'Old Name', identifier: contact.external_id })
    await account.app.contacts.update(created.contact.id, { name: 'New Name', email: 'new@example.com' })
    await h.fake.control.deliveriesSettled()
    await expect
      .poll(
        async () =>
          (
            await h.service
              .from('contacts')
              .select('name, email, chatwoot_contact_id')
              .eq('id', contact.id)
              .single()
          ).data,
      )
      .toEqual({
        name: 'New Name',
        email: 'new@example.com',
        chatwoot_contact_id: created.contact.id,
      })
  })
})
