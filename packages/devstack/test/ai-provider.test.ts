import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Stack } from '../src/stack.ts'
import { startTestStack } from '../src/testing.ts'

// A chatbot's AI provider URL as the chat function uses it (supabase/functions/_shared/ai/providers): outside
// development a loopback or private target is refused before anything (the key, the shopper's words) is
// sent, and a provider answer that quotes the key is never stored where the store's admins read failures.
const demoStore = 'de000000-0000-4000-8000-000000000010'
const apiKey = 'sk-live-Zq8vN3xR7tLm2WpK9sYd'

describe('the AI provider address and key, through the chat function', () => {
  let echo: Server
  let echoUrl: string
  const received: string[] = []

  beforeAll(async () => {
    // A provider that answers 401 quoting the Authorization header it got, as some gateways do.
    echo = createServer((req, res) => {
      received.push(req.headers.authorization ?? '')
      req.resume()
      res.writeHead(401, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: { message: `Invalid key: ${req.headers.authorization}` } }))
    })
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve))
    echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/v1`
  })
  afterAll(async () => {
    echo.closeAllConnections()
    await new Promise((resolve) => echo.close(resolve))
  })

  /** Starts a stack, gives a new chatbot the echo provider, sends one shopper line: the recorded failure. */
  async function failureRecorded(functionsEnv: Record<string, string>) {
    const stack: Stack = await startTestStack({ seed: true, functionsEnv })
    try {
      const client = (key: string): SupabaseClient =>
        createClient(stack.env.SUPABASE_URL, key, {
          auth: { persistSession: false, autoRefreshToken: false },
          realtime: { transport: WebSocket as never },
        })
      const service = client(stack.env.SUPABASE_SERVICE_ROLE_KEY)
      const publicId = `echo${randomUUID().slice(0, 8)}`
      const bot = await service
        .from('chatbots')
        .insert({ store_id: demoStore, name: 'Echo bot', public_id: publicId, languages: ['en'] })
        .select('id')
        .single<{ id: string }>()
        .throwOnError()
      await service
        .from('chatbot_ai_settings')
        .update({ provider: 'openai', base_url: echoUrl, model: 'm', api_key: apiKey, timeout_ms: 3000 })
        .eq('chatbot_id', bot.data.id)
        .throwOnError()
      const visitor = client(stack.env.SUPABASE_ANON_KEY)
      await visitor.auth.signInAnonymously()
      const started = await visitor.functions.invoke('chat/sessions', { body: { chatbot: publicId } })
      if (started.error) throw started.error
      const sessionId = (started.data as { session: { id: string } }).session.id
      const sent = await visitor.functions.invoke('chat/messages', {
        body: { session_id: sessionId, content: 'How long does shipping take?', client_id: randomUUID() },
      })
      if (sent.error) throw sent.error
      expect((sent.data as { reply: { metadata: { kind: string } } }).reply.metadata.kind).toBe('fallback')
      const { data } = await service
        .from('responder_failures')
        .select('kind, detail')
        .eq('session_id', sessionId)
        .single<{ kind: string; detail: string }>()
        .throwOnError()
      return data
    } finally {
      await stack.stop()
    }
  }

  it('refuses a loopback provider outside development: nothing is sent, the admin is told why', async () => {
    const before = received.length
    const failure = await failureRecorded({})
    expect(failure).toMatchObject({
      kind: 'network',
      detail: expect.stringMatching(/^Refused to call 127\.0\.0\.1:\d+/),
    })
    expect(received.length).toBe(before)
  })

  it('stores no provider answer that quotes the key (development, where the call is made)', async () => {
    const failure = await failureRecorded({ PARLEY_ALLOW_PRIVATE_NETWORK: 'true' })
    expect(received.at(-1)).toBe(`Bearer ${apiKey}`)
    expect(failure.kind).toBe('http_error')
    expect(failure.detail).toBe('HTTP 401: (the answer quoted the API key, so it is not shown)')
    expect(failure.detail).not.toContain(apiKey.slice(-8))
  })
})
