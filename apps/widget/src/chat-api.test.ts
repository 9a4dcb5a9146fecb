import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VisitorAuth } from './auth.ts'
import { ChatApi, ChatApiError, retryAfterMs } from './chat-api.ts'
import { en } from './i18n/en.ts'
import { errorText } from './i18n/errors.ts'

const auth = { token: async () => 'visitor-token' } as unknown as VisitorAuth
const api = new ChatApi(auth, 'http://api', 'anon')
const line = { session_id: 's', content: 'Hello', client_id: 'c' }

/** The chat function's answer to the next send. */
function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  vi.stubGlobal('fetch', async () => Response.json(body, { status, headers }))
}

async function refusal(): Promise<ChatApiError> {
  const error = await api.sendMessage(line).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(ChatApiError)
  return error as ChatApiError
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('a refused send', () => {
  it('over a limit (429): worth retrying, after the wait the function gives, with its sentence', async () => {
    answer(
      429,
      {
        code: 'rate_limited',
        message: 'You are sending messages too quickly. Please wait a moment; your message will be sent.',
        retry_after: 42,
      },
      { 'Retry-After': '42' },
    )
    const error = await refusal()
    expect(error.retryable).toBe(true)
    expect(error.retryAfterMs).toBe(42_000)
    expect(error.message).toMatch(/your message will be sent/)
  })

  it('unavailable (503) from a proxy with the header alone: its Retry-After, and a sentence of ours', async () => {
    vi.stubGlobal(
      'fetch',
      async () => new Response('<html>busy</html>', { status: 503, headers: { 'Retry-After': '7' } }),
    )
    const error = await refusal()
    expect(error.retryable).toBe(true)
    expect(error.retryAfterMs).toBe(7000)
    expect(errorText(error, en)).toBe('The chat is briefly unavailable; your message will be sent.')
  })

  it('a client mistake (400) is not retried and carries no wait', async () => {
    answer(400, { code: 'invalid_request', message: 'The request is not valid' })
    const error = await refusal()
    expect(error.retryable).toBe(false)
    expect(error.retryAfterMs).toBeUndefined()
  })
})

describe('retryAfterMs', () => {
  it('prefers the body, reads seconds or an HTTP date from the header, and caps the wait', () => {
    expect(retryAfterMs(3, '60')).toBe(3000)
    expect(retryAfterMs(undefined, ' 12 ')).toBe(12_000)
    const now = Date.parse('2026-12-02T01:00:00Z')
    expect(retryAfterMs(undefined, 'Wed, 02 Dec 2026 01:00:30 GMT', now)).toBe(30_000)
    expect(retryAfterMs(undefined, 'Wed, 02 Dec 2026 00:59:00 GMT', now)).toBe(0)
    expect(retryAfterMs(86_400, null)).toBe(600_000)
    expect(retryAfterMs('soon', 'whenever')).toBeUndefined()
    expect(retryAfterMs(undefined, null)).toBeUndefined()
  })
})
