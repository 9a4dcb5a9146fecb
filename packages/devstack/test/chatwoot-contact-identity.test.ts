import { createHmac, randomUUID } from 'node:crypto'
import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  demoStore,
  type HandoffStack,
  type Provisioned,
  startHandoffStack,
} from './fixtures/chatwoot-handoff.ts'

// What a shopper's identity may select in Chatwoot. The identity hash signs the identifier only; the e-mail,
// name and phone sent beside it are the shopper's word. So a shopper verified as B who sends the e-mail of a
// customer A must get a Chatwoot contact of their own, and A's contact (identifier, e-mail, name and
// conversations) stays as it is. The same for an unverified shopper with A's e-mail in their attributes.
const demoBot = 'de000000-0000-4000-8000-000000000020' // public id acmeoutdoor0001

describe('Chatwoot contacts: only what the store signed selects a contact', () => {
  let h: HandoffStack
  let account: Provisioned
  let identitySecret: string

  beforeAll(async () => {
    h = await startHandoffStack({ delayScale: 0.01 })
    account = await h.provision(demoStore)
    await h.runOutbox() // the seed's own jobs first
    const { data } = await h.service
      .from('chatbot_secrets')
      .select('identity_secret')
      .eq('chatbot_id', demoBot)
      .single<{ identity_secret: string }>()
      .throwOnError()
    identitySecret = data.identity_secret
  }, 240_000)
  afterAll(async () => {
    await h?.stop()
  })

  const hash = (identifier: string) => createHmac('sha256', identitySecret).update(identifier).digest('hex')

  /** The victim: a customer of the store, known to Chatwoot by the store's identifier and their e-mail. */
  async function victim() {
    const email = `vera-${randomUUID().slice(0, 8)}@example.com`
    const identifier = `cust-a-${randomUUID().slice(0, 8)}`
    const created = await account.app.contacts.create({ name: 'Vera Victim', email, identifier })
    return { id: created.contact.id, email, identifier }
  }

  /** A shopper who starts a chat (with `start`'s extra fields) and asks for a person: their handoff. */
  async function handedOff(start: Record<string, unknown>) {
    const c: SupabaseClient = h.client()
    const signedIn = await c.auth.signInAnonymously()
    if (signedIn.error) throw signedIn.error
    const started = await c.functions.invoke('chat/sessions', {
      body: { chatbot: 'acmeoutdoor0001', ...start },
    })
    if (started.error) throw started.error
    const sessionId = (started.data as { session: { id: string } }).session.id
    const sent = await c.functions.invoke('chat/messages', {
      body: { session_id: sessionId, content: 'Can I talk to a real person please', client_id: randomUUID() },
    })
    if (sent.error) throw sent.error
    const conversationId = await vi.waitFor(
      async () => {
        await h.runOutbox()
        const { data } = await h.service
          .from('chat_sessions')
          .select('chatwoot_conversation_id, handoff_state')
          .eq('id', sessionId)
          .single<{ chatwoot_conversation_id: number | null; handoff_state: string }>()
        expect(data?.handoff_state).toBe('delivered')
        return data?.chatwoot_conversation_id as number
      },
      { timeout: 30_000, interval: 200 },
    )
    const conversation = [...h.fake.state.conversations.values()].find(
      (c) => c.account_id === account.accountId && c.display_id === conversationId,
    )
    if (!conversation) throw new Error('no conversation in Chatwoot')
    return { sessionId, conversation, contact: h.fake.state.contacts.get(conversation.contact_id) }
  }

  const snapshot = (id: number) => {
    const c = h.fake.state.contacts.get(id)
    return c && { name: c.name, email: c.email, identifier: c.identifier, phone: c.phone_number }
  }
  const conversationsOf = (contactId: number) =>
    [...h.fake.state.conversations.values()].filter((c) => c.contact_id === contactId).map((c) => c.id)

  /**
   * Every webhook Chatwoot delivered to Parley since the test began was taken (no 5xx: Chatwoot does not
   * retry account webhooks, so the change would be lost). The seed's, delivered while the handler's worker
   * was still booting, do not count.
   */
  let firstDelivery = 0
  beforeEach(async () => {
    await h.fake.control.deliveriesSettled()
    firstDelivery = h.fake.state.deliveries.length
  })
  async function webhooksAccepted() {
    await h.fake.control.deliveriesSettled()
    const failed = h.fake.state.deliveries
      .slice(firstDelivery)
      .filter((d) => d.accountId === account.accountId && (typeof d.status !== 'number' || d.status >= 300))
    expect(failed.map((d) => `${d.event} ${d.status ?? d.error}`)).toEqual([])
  }

  it('a shopper verified as B who sends customer A’s e-mail gets a contact of their own; A’s stays untouched', async () => {
    const a = await victim()
    const before = snapshot(a.id)
    const attackerId = `cust-b-${randomUUID().slice(0, 8)}`
    const attacker = await handedOff({
      identity: {
        identifier: attackerId,
        identifier_hash: hash(attackerId),
        email: a.email,
        name: 'Vera Victim',
      },
    })

    expect(attacker.contact?.id).not.toBe(a.id)
    expect(attacker.contact).toMatchObject({
      identifier: attackerId,
      email: null,
      custom_attributes: { parley_unverified_email: a.email },
    })
    expect(snapshot(a.id)).toEqual(before)
    expect(conversationsOf(a.id)).toEqual([])
    await webhooksAccepted()

    // Later edits of either contact in Chatwoot reach Parley's webhook and are taken, never a 5xx.
    await account.app.contacts.update(a.id, { name: 'Vera V.' })
    await account.app.contacts.update(attacker.contact?.id as number, { name: 'Bob' })
    await webhooksAccepted()
    const victimRows = await h.service
      .from('contacts')
      .select('external_id')
      .eq('store_id', demoStore)
      .eq('chatwoot_contact_id', a.id)
    expect(victimRows.data).toEqual([])

    // The shopper's next handoff stays on their own contact.
    const again = await handedOff({ identity: { identifier: attackerId, identifier_hash: hash(attackerId) } })
    expect(again.contact?.id).toBe(attacker.contact?.id)
    expect(snapshot(a.id)).toMatchObject({ email: a.email, identifier: a.identifier })
  })

  it('a nameless shopper with customer A’s e-mail is not named after it either', async () => {
    const a = await victim()
    const shopperId = `cust-c-${randomUUID().slice(0, 8)}`
    const shopper = await handedOff({
      identity: { identifier: shopperId, identifier_hash: hash(shopperId), email: a.email },
    })
    expect(shopper.contact).toMatchObject({ identifier: shopperId, email: null })
    expect(shopper.contact?.name).toMatch(/^Visitor [0-9a-f]{8}$/)
    await webhooksAccepted()
  })

  it('an unverified shopper with customer A’s e-mail in their attributes gets a contact of their own', async () => {
    const a = await victim()
    const before = snapshot(a.id)
    const shopper = await handedOff({ attributes: { email: a.email, name: 'Vera Victim' } })
    expect(shopper.contact?.id).not.toBe(a.id)
    expect(shopper.contact?.identifier).toBeNull()
    expect(snapshot(a.id)).toEqual(before)
    expect(conversationsOf(a.id)).toEqual([])
    await webhooksAccepted()
  })

  it('the store’s own identifier still finds its customer’s contact, and updates it', async () => {
    const a = await victim()
    const shopper = await handedOff({
      identity: {
        identifier: a.identifier,
        identifier_hash: hash(a.identifier),
        email: a.email,
        name: 'Vera',
      },
    })
    expect(shopper.contact?.id).toBe(a.id)
    expect(snapshot(a.id)).toMatchObject({ name: 'Vera', email: a.email, identifier: a.identifier })
    await webhooksAccepted()
  })
})
