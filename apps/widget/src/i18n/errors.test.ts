import { describe, expect, it } from 'vitest'
import { ChatApiError, NetworkError } from '../chat-api.ts'
import { en } from './en.ts'
import { errorText } from './errors.ts'
import { strings as ar } from './locales/ar.ts'
import { strings as de } from './locales/de.ts'

// The chat API answers in English codes and sentences; the visitor reads the widget's words for the code.
describe('errorText', () => {
  it('reads a code in the visitor language', () => {
    const refused = new ChatApiError(409, 'consent_required', 'Please read and accept…')
    expect(errorText(refused, de)).toBe(de.errors.consent_required)
    expect(errorText(refused, ar)).toBe(ar.errors.consent_required)
    expect(errorText(new ChatApiError(415, 'wrong_file_type', 'x'), de)).toBe(de.errors.unsupported_type)
  })

  it('a code it does not know reads by its status, never as the server sentence', () => {
    expect(errorText(new ChatApiError(429, 'http_429', 'Too Many Requests'), de)).toBe(de.errors.rate_limited)
    expect(errorText(new ChatApiError(502, 'http_502', 'Bad Gateway'), en)).toBe(en.errors.unavailable)
    expect(errorText(new ChatApiError(400, 'something_new', 'English only'), de)).toBe(de.errors.generic)
    expect(errorText(new NetworkError('fetch failed'), de)).toBe(de.errors.network)
  })
})
