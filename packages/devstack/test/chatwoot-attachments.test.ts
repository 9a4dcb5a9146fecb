import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { contractViolations } from '../../chatwoot-fake/src/index.ts'
import { testDatabaseUrl } from '../src/testing.ts'
import { anonymousVisitor, callChat } from './fixtures/chat-client.ts'
import { demoStore, type HandoffStack, startHandoffStack } from './fixtures/chatwoot-handoff.ts'

// Files both ways between the widget and Chatwoot, through the real chat function, dispatcher, webhook handler
// and Storage against the fake Chatwoot: a visitor's photo reaches the agent as a message attachment
// (multipart `attachments[]`), and an agent's file comes back into the bucket and the visitor's message list.

const engines = [
  { name: 'PGlite', databaseUrl: undefined },
  ...(testDatabaseUrl ? [{ name: 'PostgreSQL', databaseUrl: testDatabaseUrl }] : []),
]
const slow = { timeout: 60_000, interval: 200 }
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')

describe.each(engines)('Attachments with Chatwoot on $name', ({ databaseUrl }) => {
  let h: HandoffStack

  beforeAll(async () => {
    h = await startHandoffStack({ databaseUrl, scheduler: true, delayScale: 0.01 })
  }, 120_000)
  afterAll(async () => {
    await h?.stop()
  })

  const sql = async (text: string, values: unknown[] = []) => (await h.stack.db.pool.query(text, values)).rows

  it("a visitor's photo reaches Chatwoot as an attachment; an agent's file comes back to the widget", async () => {
    const v = await anonymousVisitor(h.stack)
    const started = await callChat<{ session: { id: string } }>(
      h.stack,
      'sessions',
      { chatbot: 'acmeoutdoor0001' },
      { token: v.token },
    )
    const sessionId = started.body.session.id
    const signed = await callChat<{ upload: { id: string; path: string; url: string } }>(
      h.stack,
      'attachments/sign',
      { session_id: sessionId, name: 'damage.png', type: 'image/png', size: PNG.length },
      { token: v.token },
    )
    expect(signed.status, JSON.stringify(signed.body)).toBe(200)
    const { upload } = signed.body
    await fetch(upload.url, {
      method: 'PUT',
      body: new Uint8Array(PNG),
      headers: { 'content-type': 'image/png' },
    })
    const attached = await callChat(
      h.stack,
      'attachments',
      {
        session_id: sessionId,
        client_id: randomUUID(),
        upload: { id: upload.id, path: upload.path, name: 'damage.png', type: 'image/png' },
        caption: 'The box arrived like this',
      },
      { token: v.token },
    )
    expect(attached.status, JSON.stringify(attached.body)).toBe(200)
    await callChat(
      h.stack,
      'messages',
      { session_id: sessionId, content: 'I want to talk to a human', client_id: randomUUID() },
      { token: v.token },
    )

    // the photo is in Chatwoot, as a file of the visitor's incoming message
    await vi.waitFor(async () => {
      const [row] = await sql(`select handoff_state from public.chat_sessions where id = $1`, [sessionId])
      expect(row?.handoff_state).toBe('delivered')
      const files = [...h.fake.state.attachments.values()].filter((a) => a.name === 'damage.png')
      expect(files).toHaveLength(1)
    }, slow)
    const [file] = [...h.fake.state.attachments.values()].filter((a) => a.name === 'damage.png')
    expect(file).toMatchObject({ file_type: 'image', content_type: 'image/png', extension: 'png' })
    expect(file?.bytes.subarray(0, 8)).toEqual(PNG.subarray(0, 8))
    const carrier = h.fake.state.messages.get(file?.message_id ?? 0)
    expect(carrier).toMatchObject({ content: 'The box arrived like this', message_type: 0 })
    expect(contractViolations(h.fake.state)).toEqual([])

    // the agent answers with a PDF: it lands in the bucket and in the visitor's conversation
    const conversation = [...h.fake.state.conversations.values()].find(
      (c) => c.custom_attributes.parley_session_id === sessionId,
    )
    expect(conversation).toBeDefined()
    h.fake.control.agentReply(
      conversation?.account_id ?? 0,
      conversation?.display_id ?? 0,
      'Here is the label',
      {
        files: [{ name: 'return-label.pdf', type: 'application/pdf', bytes: PDF }],
      },
    )
    await vi.waitFor(async () => {
      const rows = await sql(
        `select content, attachments from public.messages where session_id = $1 and sender = 'agent'`,
        [sessionId],
      )
      expect(rows).toMatchObject([
        {
          content: 'Here is the label',
          attachments: [{ name: 'return-label.pdf', type: 'application/pdf' }],
        },
      ])
    }, slow)
    const [reply] = await sql(
      `select attachments from public.messages where session_id = $1 and sender = 'agent'`,
      [sessionId],
    )
    const path = reply.attachments[0].path as string
    expect(path.startsWith(`${demoStore}/${sessionId}/`)).toBe(true)
    // the visitor is given a signed URL for it, like for their own files
    const urls = await callChat<{ urls: Record<string, string> }>(
      h.stack,
      'attachments/urls',
      { session_id: sessionId, paths: [path] },
      { token: v.token },
    )
    expect(urls.status, JSON.stringify(urls.body)).toBe(200)
    const served = await fetch(urls.body.urls[path] ?? '')
    expect(Buffer.from(await served.arrayBuffer()).toString()).toBe(PDF.toString())
  }, 120_000)
})
