import { describe, expect, it } from 'vitest'
import { describeError } from './errors.ts'

describe('describeError', () => {
  it('passes messages our SQL functions raise for people', () => {
    expect(describeError({ code: 'P0001', message: 'This invitation has expired' })).toBe(
      'This invitation has expired',
    )
    expect(
      describeError({ code: '42501', message: 'This invitation was sent to another e-mail address' }),
    ).toBe('This invitation was sent to another e-mail address')
  })

  it('passes the store limit through, so the owner knows what to do', () => {
    const message =
      'You already own 3 of the 3 stores your account may have. Delete one, or ask us to raise your limit.'
    expect(describeError({ code: 'store_limit', message }, 'Could not create the store.')).toBe(message)
  })

  it("replaces Postgres' own wording", () => {
    expect(
      describeError({
        code: '42501',
        message: 'new row violates row-level security policy for table "invitations"',
      }),
    ).toBe('You do not have permission to do that.')
    expect(describeError({ code: '42501', message: 'permission denied for table invitations' })).toBe(
      'You do not have permission to do that.',
    )
    expect(describeError({ code: 'XX000', message: 'internal error at foo.c:12' }, 'Could not load.')).toBe(
      'Could not load.',
    )
  })

  it('explains auth failures and unreachable servers', () => {
    expect(
      describeError({
        name: 'AuthApiError',
        code: 'invalid_credentials',
        message: 'Invalid login credentials',
      }),
    ).toBe('That email and password do not match an account.')
    expect(
      describeError({
        name: 'AuthApiError',
        code: 'user_already_exists',
        message: 'User already registered',
      }),
    ).toMatch(/already exists/)
    expect(describeError({ message: 'TypeError: fetch failed' })).toMatch(/Cannot reach the server/)
    expect(describeError({ name: 'AuthRetryableFetchError', message: '{}' })).toMatch(
      /Cannot reach the server/,
    )
  })

  it('says when auth limits are reached: the address (429) and the wait after failed passwords', () => {
    expect(
      describeError({
        name: 'AuthApiError',
        status: 429,
        code: 'over_request_rate_limit',
        message: 'Request rate limit reached',
      }),
    ).toBe('Too many attempts from your network. Wait a few minutes, then try again.')
    const wait = 'Too many failed sign-ins for this account. Try again in 8 seconds.'
    expect(
      describeError({ name: 'AuthApiError', status: 400, code: 'invalid_credentials', message: wait }),
    ).toBe(wait)
  })

  it('never shows multi-line text such as stack traces', () => {
    const stack = 'Error: boom\n    at foo (/app/x.js:1:1)'
    expect(describeError({ name: 'AuthUnknownError', message: stack }, 'Nope.')).toBe('Nope.')
  })
})
