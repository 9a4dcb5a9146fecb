import { afterEach, describe, expect, it, vi } from 'vitest'
import { ChatwootNotConfiguredError } from '../../chatwoot-connection.ts'
import { classifyChatwootError } from '../destination.ts'

// A server without CHATWOOT_URL (a test stack, a setup without handoff): Chatwoot's jobs wait with the
// reason in words, and the logs say it once, not on every attempt of every job.
describe('Chatwoot not configured', () => {
  afterEach(() => vi.restoreAllMocks())

  it('retries with the reason, and warns once per worker', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const results = [1, 2, 3].map(() => classifyChatwootError(new ChatwootNotConfiguredError('CHATWOOT_URL')))
    for (const result of results)
      expect(result).toEqual({
        outcome: 'retry',
        reason: 'Chatwoot is not configured on this server (CHATWOOT_URL is not set)',
      })
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]?.[0]).toContain('CHATWOOT_URL is not set')
  })

  it('leaves other errors to the rest of the classification', () => {
    expect(classifyChatwootError(new Error('a bug'))).toBeUndefined()
  })
})
