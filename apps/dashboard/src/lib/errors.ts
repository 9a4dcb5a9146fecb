/**
 * Turns errors from supabase-js (PostgREST, RPC and auth) into sentences a store admin can act on.
 * Messages raised on purpose by our SQL functions (SQLSTATE P0001 and friends) are already written for
 * people, so they pass through; Postgres' own wording is replaced.
 */
type ErrorLike =
  | { message?: string; code?: string | number; status?: number; name?: string }
  | null
  | undefined

const unreachable = 'Cannot reach the server. Check your connection and try again.'

export function describeError(
  error: ErrorLike,
  fallback = 'Something went wrong. Please try again.',
): string {
  if (!error) return fallback
  const code = String(error.code ?? '')
  const message = error.message ?? ''

  if (/fetch failed|failed to fetch|ECONNREFUSED|network/i.test(message)) return unreachable
  if (error.name === 'AuthRetryableFetchError') return unreachable

  switch (code) {
    // auth (GoTrue error codes)
    case 'invalid_credentials':
      // Any other wording under this code is the password hook's: a wait after too many failures.
      return message && message !== 'Invalid login credentials'
        ? message
        : 'That email and password do not match an account.'
    case 'user_already_exists':
    case 'email_exists':
      return 'An account with this email already exists. Sign in instead.'
    case 'weak_password':
      return message || 'Choose a stronger password.'
    case 'email_not_confirmed':
      return 'Confirm your email address first, then sign in.'
    case 'signup_disabled':
      return 'Sign-ups are turned off for this project.'
    case 'over_request_rate_limit':
      return 'Too many attempts from your network. Wait a few minutes, then try again.'
    // PostgREST / Postgres
    case '42501':
    case 'PGRST301':
      return message && !/row-level security|permission denied/i.test(message)
        ? message
        : 'You do not have permission to do that.'
    case '23505':
      return 'That already exists.'
    case '23514':
    case '22001':
      return 'Some of the values are not allowed. Check the form and try again.'
    case '23503':
      return 'That record no longer exists.'
    case '22P02':
      return 'That link or id is not valid.'
    case 'P0001':
    case 'P0002':
    // a plan's limit (chatbots, seats): names the plan and the upgrade
    case 'PT402':
    case '22023':
    case '28000':
    // our functions' own refusals, written for people (create_store's limit)
    case 'store_limit':
      return message || fallback
  }
  // Short, single-line messages from auth are readable; anything else (SQL, stack traces) is not shown.
  if (error.name?.startsWith('Auth') && message && message.length < 160 && !message.includes('\n'))
    return message
  return fallback
}
