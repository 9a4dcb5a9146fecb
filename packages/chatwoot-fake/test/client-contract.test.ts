import {
  AccountClient,
  ChatwootAuthError,
  ChatwootHttpError,
  ChatwootTimeoutError,
  MessageType,
  PlatformClient,
} from '@parley/supabase/chatwoot'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contractViolations, type FakeChatwoot, startFakeChatwoot } from '../src/index.ts'
import { clientOptions, provision } from './helpers.ts'

let fake: FakeChatwoot
beforeAll(async () => {
  fake = await startFakeChatwoot()
})
afterAll(async () => {
  // Every request the client sent in this file matches the published contract (method, path, auth
  // header, query, body), with the server's behaviour where it differs from the spec (src/contract.ts).
  const violations = contractViolations(fake.state)
  expect(violations.map((r) => `${r.method} ${r.path}: ${r.contractErrors.join('; ')}`)).toEqual([])
  expect(fake.state.requests.every((r) => typeof r.headers.api_access_token === 'string')).toBe(true)
  await fake.stop()
})

describe('Platform API', () => {
  it('provisions an account, an administrator and a website inbox', async () => {
    const { platform, app, account, user, inbox } = await provision(fake)
    expect(account).toMatchObject({ name: 'Acme Shop', status: 'active', locale: 'en' })
    expect(user.access_token).toBeTruthy()
    const reread = await platform.users.get(user.id)
    expect(reread.accounts).toEqual([expect.objectContaining({ id: account.id, role: 'administrator' })])
    expect(inbox).toMatchObject({
      channel_type: 'Channel::WebWidget',
      website_url: 'https://shop.example.com',
    })
    // Top-level, admin-only fields.
    expect(inbox.website_token).toBeTruthy()
    expect(inbox.hmac_token).toBeTruthy()
    expect(await app.inboxes.get(inbox.id)).toMatchObject({ id: inbox.id, hmac_token: inbox.hmac_token })
    const updated = await app.inboxes.update(inbox.id, {
      channel: { reply_time: 'in_a_day', widget_color: '#000000' },
    })
    expect(updated).toMatchObject({ reply_time: 'in_a_day', widget_color: '#000000' })
    expect((await platform.accounts.list()).map((a) => a.id)).toContain(account.id)
    expect(await platform.accounts.get(account.id)).toMatchObject({ id: account.id })
  })

  it('user create returns the existing user for a known email; token and update merge attributes', async () => {
    const platform = new PlatformClient({ ...clientOptions(fake), platformToken: fake.platformToken })
    const first = await platform.users.create({
      name: 'Ada',
      email: 'ada@example.com',
      password: 'Secret-123!',
      custom_attributes: { a: 1 },
    })
    const again = await platform.users.create({
      name: 'Other',
      email: 'ADA@example.com',
      password: 'Secret-123!',
    })
    expect(again.id).toBe(first.id)
    expect(again.name).toBe('Ada')
    const token = await platform.users.token(first.id)
    expect(token).toMatchObject({ access_token: first.access_token, expiry: null, user: { id: first.id } })
    const updated = await platform.users.update(first.id, { display_name: 'A.', custom_attributes: { b: 2 } })
    expect(updated.custom_attributes).toEqual({ a: 1, b: 2 })
    expect(await platform.users.get(first.id)).toMatchObject({ display_name: 'A.' })
    await expect(
      platform.users.create({ name: 'Weak', email: 'weak@example.com', password: 'password' }),
    ).rejects.toMatchObject({ status: 422 })
    await platform.users.delete(first.id)
    await expect(platform.users.get(first.id)).rejects.toMatchObject({ status: 404 })
  })

  it('account_users is an upsert; agents see no admin-only fields and cannot manage inboxes', async () => {
    const { platform, account, inbox, options } = await provision(fake, 'Agents Shop')
    const agent = await platform.users.create({
      name: 'Bo',
      email: 'bo@example.com',
      password: 'Secret-123!',
    })
    const row = await platform.accountUsers.create(account.id, { user_id: agent.id, role: 'administrator' })
    const upsert = await platform.accountUsers.create(account.id, { user_id: agent.id, role: 'agent' })
    expect(upsert.id).toBe(row.id)
    expect(upsert.role).toBe('agent')
    const list = await platform.accountUsers.list(account.id)
    expect(list.filter((r) => r.user_id === agent.id)).toEqual([expect.objectContaining({ role: 'agent' })])

    const asAgent = new AccountClient({
      ...options,
      accountId: account.id,
      userToken: agent.access_token as string,
    })
    const seen = await asAgent.inboxes.get(inbox.id)
    expect(seen.website_token).toBeTruthy()
    expect(seen.hmac_token).toBeUndefined()
    const refused = await asAgent.inboxes
      .createWebWidget({ name: 'x', channel: { website_url: 'https://x.example' } })
      .catch((e) => e)
    expect(refused).toBeInstanceOf(ChatwootAuthError)
    expect(refused.body).toEqual({ error: 'You are not authorized to do this action' })

    await platform.accountUsers.delete(account.id, agent.id)
    await expect(asAgent.inboxes.get(inbox.id)).rejects.toMatchObject({
      status: 401,
      body: { error: 'You are not authorized to access this account' },
    })
  })

  it('refuses bad tokens and accounts the platform app did not create', async () => {
    const foreign = fake.control.seedForeignAccount('Not ours')
    const platform = new PlatformClient({ ...clientOptions(fake), platformToken: fake.platformToken })
    await expect(platform.accounts.get(foreign)).rejects.toMatchObject({
      status: 401,
      body: { error: 'Non permissible resource' },
    })
    const wrong = new PlatformClient({ ...clientOptions(fake), platformToken: 'nope' })
    await expect(wrong.accounts.create({ name: 'x' })).rejects.toMatchObject({
      status: 401,
      body: { error: 'Invalid access_token' },
    })
  })

  it('a suspended account answers 401 "Account is suspended"; deleting removes it', async () => {
    const { platform, app, account } = await provision(fake, 'Suspend Me')
    expect((await platform.accounts.suspend(account.id)).status).toBe('suspended')
    const error = await app.contacts.search('x').catch((e) => e)
    expect(error).toBeInstanceOf(ChatwootAuthError)
    expect(error.body).toEqual({ error: 'Account is suspended' })
    await platform.accounts.update(account.id, { status: 'active' })
    await expect(app.contacts.search('x')).resolves.toMatchObject({ payload: [] })
    await platform.accounts.delete(account.id)
    await expect(platform.accounts.get(account.id)).rejects.toMatchObject({ status: 404 })
  })
})

describe('Application API', () => {
  it('webhooks: created with a secret, wrapped payload unwrapped, inbox events accepted, validated', async () => {
    const { app } = await provision(fake, 'Hooks')
    const hook = await app.webhooks.create({
      url: 'https://parley.example/functions/v1/chatwoot-webhook-handler',
      name: 'Parley',
      subscriptions: ['message_created', 'inbox_created', 'inbox_updated'],
    })
    expect(hook.secret).toMatch(/.{16,}/)
    expect(hook.subscriptions).toContain('inbox_updated')
    expect(await app.webhooks.list()).toEqual([expect.objectContaining({ id: hook.id, secret: hook.secret })])
    const updated = await app.webhooks.update(hook.id, {
      subscriptions: ['message_created', 'conversation_status_changed'],
    })
    expect(updated.subscriptions).toEqual(['message_created', 'conversation_status_changed'])
    await expect(
      app.webhooks.create({ url: hook.url, subscriptions: ['message_created'] }),
    ).rejects.toMatchObject({
      status: 422,
    })
    await expect(
      app.webhooks.create({ url: 'ftp://x', subscriptions: ['message_created'] }),
    ).rejects.toMatchObject({
      status: 422,
    })
    await app.webhooks.delete(hook.id)
    expect(await app.webhooks.list()).toEqual([])
  })

  it('custom attribute definitions: created with the spec enums, listed by model, keys unique', async () => {
    const { app } = await provision(fake, 'Attrs')
    const def = await app.customAttributeDefinitions.create({
      attribute_display_name: 'Lead score',
      attribute_key: 'lead_score',
      attribute_display_type: 'number',
      attribute_model: 'contact_attribute',
    })
    expect(def).toMatchObject({ attribute_display_type: 'number', attribute_model: 'contact_attribute' })
    await app.customAttributeDefinitions.create({
      attribute_display_name: 'Summary',
      attribute_key: 'parley_summary',
      attribute_display_type: 'text',
      attribute_model: 'conversation_attribute',
    })
    expect(
      (await app.customAttributeDefinitions.list('contact_attribute')).map((d) => d.attribute_key),
    ).toEqual(['lead_score'])
    await expect(
      app.customAttributeDefinitions.create({
        attribute_display_name: 'Again',
        attribute_key: 'lead_score',
        attribute_display_type: 'number',
        attribute_model: 'contact_attribute',
      }),
    ).rejects.toMatchObject({ status: 422 })
  })

  it('contacts: create with an inbox, merge attributes on update, search 15 per page, delete', async () => {
    const { app, inbox } = await provision(fake, 'Contacts')
    const { contact, contact_inbox } = await app.contacts.create({
      name: 'Vera Visitor',
      email: 'Vera@Example.com',
      identifier: 'cust-1',
      inbox_id: inbox.id,
      custom_attributes: { tier: 'gold', lead_score: 40 },
    })
    expect(contact.email).toBe('vera@example.com')
    expect(contact_inbox?.source_id).toMatch(/^[0-9a-f-]{36}$/)
    const merged = await app.contacts.update(contact.id, { custom_attributes: { lead_score: 80 } })
    expect(merged.custom_attributes).toEqual({ tier: 'gold', lead_score: 80 })
    expect((await app.contacts.get(contact.id)).contact_inboxes).toHaveLength(1)
    await expect(app.contacts.create({ name: 'Dup', email: 'vera@example.com' })).rejects.toMatchObject({
      status: 422,
    })

    for (let i = 0; i < 17; i++)
      await app.contacts.create({ name: `Bulk ${i}`, email: `bulk${i}@example.com` })
    const page1 = await app.contacts.search('bulk')
    expect(page1.payload).toHaveLength(15)
    expect(page1.meta).toMatchObject({ count: 17, has_more: true })
    expect((await app.contacts.search('bulk', { page: 2 })).payload).toHaveLength(2)
    expect(await app.contacts.searchAll('BULK')).toHaveLength(17)
    // identifier matching is case-sensitive; email/name are not
    expect(await app.contacts.findByIdentifier('cust-1')).toMatchObject({ id: contact.id })
    expect((await app.contacts.search('CUST-1')).payload).toEqual([])
    expect(await app.contacts.findByEmail('VERA@example.com')).toMatchObject({ id: contact.id })
    await expect(app.contacts.search('')).rejects.toMatchObject({ status: 422 })

    const ci1 = await app.contactInboxes.create(contact.id, { inbox_id: inbox.id, source_id: 'src-1' })
    const ci2 = await app.contactInboxes.create(contact.id, { inbox_id: inbox.id, source_id: 'src-1' })
    expect(ci2).toEqual(ci1)

    await app.contacts.delete(contact.id)
    await expect(app.contacts.get(contact.id)).rejects.toMatchObject({ status: 404 })
  })

  it('conversations and messages: display ids per account, private notes, integer message_type', async () => {
    const { app, inbox, account } = await provision(fake, 'Convos')
    const { contact } = await app.contacts.create({ name: 'Carl', email: 'carl@example.com' })
    const conv = await app.conversations.create({
      inbox_id: inbox.id,
      contact_id: contact.id,
      custom_attributes: { parley_session: 's-1' },
      message: { content: 'Transcript: …' },
    })
    expect(conv).toMatchObject({ id: 1, account_id: account.id, inbox_id: inbox.id, status: 'open' })
    expect(conv.meta.sender?.id).toBe(contact.id)
    const second = await app.conversations.create({ inbox_id: inbox.id, contact_id: contact.id })
    expect(second.id).toBe(2)

    const note = await app.messages.create(conv.id, { content: 'internal', private: true })
    expect(note).toMatchObject({ message_type: MessageType.outgoing, private: true })
    const reply = await app.messages.create(conv.id, {
      content: 'Hello from Parley',
      message_type: 'outgoing',
    })
    expect(reply.message_type).toBe(1)
    const incoming = await app.messages
      .create(conv.id, { content: 'x', message_type: 'incoming' })
      .catch((e) => e)
    expect(incoming).toBeInstanceOf(ChatwootHttpError)
    expect(incoming.status).toBe(422)
    const list = await app.messages.list(conv.id)
    expect(list.payload.map((m) => [m.content, m.message_type, m.private])).toEqual([
      ['Transcript: …', 1, false],
      ['internal', 1, true],
      ['Hello from Parley', 1, false],
    ])

    const resolved = await app.conversations.toggleStatus(conv.id, 'resolved')
    expect(resolved.payload).toMatchObject({
      success: true,
      conversation_id: conv.id,
      current_status: 'resolved',
    })
    await app.conversations.toggleTypingStatus(conv.id, 'on')
    const attrs = await app.conversations.setCustomAttributes(conv.id, { lead_score: 90 })
    expect(attrs.custom_attributes).toEqual({ lead_score: 90 }) // replaced, not merged
    expect(await app.conversations.get(conv.id)).toMatchObject({
      status: 'resolved',
      custom_attributes: { lead_score: 90 },
    })
    await expect(app.conversations.get(999)).rejects.toMatchObject({ status: 404 })
  })

  it("a contact's conversations, and every message of one with its source_id", async () => {
    const { app } = await provision(fake, 'Sources')
    const api = await app.inboxes.createApi({ name: 'Handoff' })
    const { contact } = await app.contacts.create({ name: 'Sam', email: 'sam@example.com' })
    expect(await app.contacts.conversations(contact.id)).toEqual([])
    const conv = await app.conversations.create({
      inbox_id: api.id,
      contact_id: contact.id,
      custom_attributes: { parley_session_id: 's-9' },
    })
    const found = await app.contacts.conversations(contact.id)
    expect(found.map((c) => [c.id, c.custom_attributes])).toEqual([[conv.id, { parley_session_id: 's-9' }]])
    for (let i = 0; i < 105; i++)
      await app.messages.create(conv.id, {
        content: `line ${i}`,
        message_type: 'incoming',
        source_id: `m-${i}`,
      })
    const all = await app.messages.all(conv.id)
    expect(all.map((m) => m.source_id)).toEqual(Array.from({ length: 105 }, (_, i) => `m-${i}`))
  })

  it('loseReplies: the request is carried out, the answer never arrives', async () => {
    const { app, inbox } = await provision(fake, 'Lost')
    const { contact } = await app.contacts.create({ name: 'Lou', email: 'lou@example.com' })
    const conv = await app.conversations.create({ inbox_id: inbox.id, contact_id: contact.id })
    fake.control.loseReplies(1, { operationId: 'create-a-new-message-in-a-conversation' })
    await expect(
      app.messages.create(conv.id, { content: 'once', source_id: 'x-1' }, { retry: false, timeoutMs: 200 }),
    ).rejects.toBeInstanceOf(ChatwootTimeoutError)
    expect((await app.messages.all(conv.id)).map((m) => m.source_id)).toEqual(['x-1'])
  })

  it('dashboard apps (not in the spec) are created with a frame URL', async () => {
    const { app } = await provision(fake, 'Apps')
    const created = await app.dashboardApps.create({
      title: 'Parley context',
      content: [{ type: 'frame', url: 'https://parley.example/chatwoot/context' }],
    })
    expect(created).toMatchObject({ title: 'Parley context' })
    expect(await app.dashboardApps.list()).toHaveLength(1)
  })

  it('the fake refuses a request that breaks the contract (it would pass silently otherwise)', async () => {
    const response = await fetch(`${fake.url}/api/v1/accounts/1/webhooks`, {
      method: 'POST',
      headers: { api_access_token: 'x', 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://x', subscriptions: ['no_such_event'] }),
    })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { errors: string[] }
    expect(body.errors[0]).toContain('subscriptions')
    // Remove it from the record: the afterAll check is about the client's requests.
    fake.state.requests.pop()
  })
})
