import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AnthropicProvider,
  alternate,
  analyze,
  conversation,
  LlmResponder,
  memoryWindow,
  OpenAIProvider,
  ProviderError,
  summarize,
  type Turn,
} from '../index.ts'

type Handler = (body: Record<string, unknown>, req: IncomingMessage, res: ServerResponse) => void
let handler: Handler = () => {}
let server: Server
let baseUrl = ''
const seen: { url: string; headers: IncomingMessage['headers']; body: Record<string, unknown> }[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk) => {
      raw += chunk
    })
    req.on('end', () => {
      const body = JSON.parse(raw || '{}')
      seen.push({ url: req.url ?? '', headers: req.headers, body })
      handler(body, req, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

const reply = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ProviderError)
  return error as ProviderError
}

/** The fake provider listens on loopback: these providers are allowed to call it (development). */
const local = { allowPrivateNetwork: true }

const request = { system: 'Be brief.', messages: [{ role: 'user' as const, content: 'Hi' }], maxTokens: 64 }

describe('OpenAI-compatible provider', () => {
  it('posts to /chat/completions with the key and returns the text', async () => {
    handler = (_body, _req, res) =>
      reply(res, 200, { choices: [{ message: { role: 'assistant', content: 'Hello!' } }] })
    const provider = new OpenAIProvider({
      ...local,
      apiKey: 'sk-test',
      model: 'gpt-test',
      baseUrl: `${baseUrl}/v1/`,
    })
    expect(await provider.complete(request)).toBe('Hello!')
    const last = seen.at(-1)
    expect(last?.url).toBe('/v1/chat/completions')
    expect(last?.headers.authorization).toBe('Bearer sk-test')
    expect(last?.body).toMatchObject({
      model: 'gpt-test',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
    })
  })

  it('maps 5xx, 429, timeouts, refused connections and bad bodies to typed errors', async () => {
    const provider = new OpenAIProvider({ ...local, apiKey: 'k', model: 'm', baseUrl, timeoutMs: 300 })
    handler = (_b, _r, res) => reply(res, 503, { error: 'down' })
    expect(await failure(provider.complete(request))).toMatchObject({ kind: 'http_error', status: 503 })
    handler = (_b, _r, res) => reply(res, 429, { error: 'slow down' }, { 'retry-after': '2' })
    expect(await failure(provider.complete(request))).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 2000,
    })
    handler = () => {} // never answers
    expect(await failure(provider.complete(request))).toMatchObject({ kind: 'timeout' })
    handler = (_b, _r, res) => reply(res, 200, { choices: [] })
    expect(await failure(provider.complete(request))).toMatchObject({ kind: 'bad_response' })
    const closed = new OpenAIProvider({ ...local, apiKey: 'k', model: 'm', baseUrl: 'http://127.0.0.1:1' })
    expect(await failure(closed.complete(request))).toMatchObject({ kind: 'network' })
  })
})

describe('Anthropic provider', () => {
  it('posts to /v1/messages with x-api-key, version, system and alternating turns', async () => {
    handler = (_body, _req, res) =>
      reply(res, 200, {
        content: [
          { type: 'text', text: 'Hallo ' },
          { type: 'text', text: 'there' },
        ],
      })
    const provider = new AnthropicProvider({ ...local, apiKey: 'ak', model: 'claude-test', baseUrl })
    const text = await provider.complete({
      ...request,
      messages: [
        { role: 'assistant', content: 'Welcome' },
        { role: 'user', content: 'a' },
        { role: 'user', content: 'b' },
      ],
    })
    expect(text).toBe('Hallo there')
    const last = seen.at(-1)
    expect(last?.url).toBe('/v1/messages')
    expect(last?.headers['x-api-key']).toBe('ak')
    expect(last?.headers['anthropic-version']).toBe('2023-06-01')
    expect(last?.body).toMatchObject({ system: 'Be brief.', messages: [{ role: 'user', content: 'a\n\nb' }] })
  })

  it('reports an overloaded API as an http error', async () => {
    handler = (_b, _r, res) => reply(res, 529, { type: 'error', error: { type: 'overloaded_error' } })
    const provider = new AnthropicProvider({ ...local, apiKey: 'ak', model: 'm', baseUrl })
    expect(await failure(provider.complete(request))).toMatchObject({ kind: 'http_error', status: 529 })
    expect(alternate([{ role: 'assistant', content: 'x' }])).toEqual([])
  })
})

describe('provider addresses and keys', () => {
  it('refuses loopback, private and link-local targets outside development, before connecting', async () => {
    const before = seen.length
    for (const target of [
      baseUrl,
      'http://169.254.169.254/latest',
      'http://[::1]:8080',
      'http://2130706433/',
      'http://llm',
    ]) {
      const provider = new OpenAIProvider({ apiKey: 'sk-secret-key-123456', model: 'm', baseUrl: target })
      const error = await failure(provider.complete(request))
      expect(error).toMatchObject({ kind: 'network', message: expect.stringMatching(/^Refused to call/) })
    }
    expect(seen.length).toBe(before)
  })

  it('looks the name up at call time: a name pointing inside is refused, a public one is called', async () => {
    const inside = new AnthropicProvider({
      apiKey: 'ak',
      model: 'm',
      baseUrl: 'https://llm.example.com',
      resolveHost: async () => ['93.184.216.34', '10.0.0.7'],
    })
    expect((await failure(inside.complete(request))).message).toMatch(
      /llm\.example\.com points to 10\.0\.0\.7/,
    )
    const outside = new AnthropicProvider({
      apiKey: 'ak',
      model: 'm',
      baseUrl: 'https://llm.invalid',
      resolveHost: async () => ['93.184.216.34'],
      timeoutMs: 2000,
    })
    // allowed through the check; this machine then cannot reach it
    expect((await failure(outside.complete(request))).message).not.toMatch(/^Refused/)
  })

  it('never follows a redirect (to a metadata service, say)', async () => {
    handler = (_b, _r, res) => reply(res, 302, {}, { location: 'http://169.254.169.254/latest/meta-data' })
    const provider = new OpenAIProvider({ ...local, apiKey: 'k', model: 'm', baseUrl })
    expect(await failure(provider.complete(request))).toMatchObject({
      kind: 'http_error',
      status: 302,
      message: 'HTTP 302: redirects are not followed',
    })
  })

  it('never repeats the key when a provider echoes it back, whole or in part', async () => {
    const apiKey = 'sk-live-0123456789abcdefghij'
    const provider = new OpenAIProvider({ ...local, apiKey, model: 'm', baseUrl })
    for (const echo of [
      `Incorrect API key provided: ${apiKey}`,
      `bad key ...${apiKey.slice(-12)}`,
      `{"error":"key=${encodeURIComponent(apiKey)}"}`,
    ]) {
      handler = (_b, _r, res) => reply(res, 401, { error: echo })
      const error = await failure(provider.complete(request))
      expect(error.message).toBe('HTTP 401: (the answer quoted the API key, so it is not shown)')
    }
    handler = (_b, _r, res) => reply(res, 401, { error: 'Incorrect API key provided: sk-live-****ghij' })
    expect((await failure(provider.complete(request))).message).toContain('sk-live-****ghij')
  })
})

describe('memory and prompt', () => {
  const history: Turn[] = Array.from({ length: 14 }, (_, i) => ({
    sender: i % 2 === 0 ? 'customer' : 'bot',
    content: `turn ${i}`,
  }))

  it('keeps the last turns verbatim and folds older ones into a bounded summary', () => {
    const { recent, dropped } = memoryWindow(history, 10)
    expect(recent.map((t) => t.content)).toEqual(history.slice(4).map((t) => t.content))
    expect(dropped).toHaveLength(4)
    const summary = summarize('Visitor: earlier question', dropped)
    expect(summary.split('\n')).toEqual([
      'Visitor: earlier question',
      'Visitor: turn 0',
      'Bot: turn 1',
      'Visitor: turn 2',
      'Bot: turn 3',
    ])
    expect(
      summarize(
        '',
        history.concat(history.map((t) => ({ ...t, content: `${t.content} ${'x'.repeat(150)}` }))),
        500,
      ).length,
    ).toBeLessThanOrEqual(500)
  })

  it('sends the persona, summary, passages, recent turns and the new message', async () => {
    handler = (_b, _r, res) => reply(res, 200, { choices: [{ message: { content: 'It takes 2-4 days.' } }] })
    const responder = new LlmResponder(new OpenAIProvider({ ...local, apiKey: 'k', model: 'm', baseUrl }))
    const result = await responder.respond({
      text: 'How long does shipping take?',
      language: 'de',
      history,
      summary: 'Visitor: asked about tents',
      hits: [
        {
          kind: 'faq',
          id: 'f1',
          title: 'Shipping time',
          content: '2-4 working days',
          rank: 1,
          title_coverage: 1,
          coverage: 1,
        },
      ],
      analysis: analyze('How long does shipping take?'),
      persona: 'You are Scout.',
      botName: 'Scout',
      storeName: 'Acme',
    })
    expect(result).toMatchObject({ content: 'It takes 2-4 days.', responder: 'openai', sources: ['f1'] })
    const body = seen.at(-1)?.body as { messages: { role: string; content: string }[] }
    const system = body.messages[0]?.content ?? ''
    expect(system).toContain('You are Scout.')
    expect(system).toContain('Reply in German')
    expect(system).toContain('Visitor: asked about tents')
    expect(system).toContain('2-4 working days')
    expect(body.messages.slice(1)).toEqual(conversation(history, 'How long does shipping take?'))
    expect(body.messages.at(-1)).toEqual({ role: 'user', content: 'How long does shipping take?' })
  })
})
