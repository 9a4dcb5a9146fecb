import type { Context } from 'hono'
import { limitedAddress } from '../client-address.ts'
import type { AuthRateLimits } from '../config.ts'
import type { Queryable } from './db.ts'
import { AuthError } from './errors.ts'

/** GoTrue's limits that the devstack enforces, with the period config.toml counts them in. */
const BUCKETS = {
  anonymous_users: { setting: 'anonymousUsers', periodSeconds: 3600 },
  sign_in_sign_ups: { setting: 'signInSignUps', periodSeconds: 300 },
  token_refresh: { setting: 'tokenRefresh', periodSeconds: 300 },
} as const satisfies Record<string, { setting: keyof AuthRateLimits; periodSeconds: number }>

export type Bucket = keyof typeof BUCKETS

/** The caller's address as the gateway resolved it (it overwrites whatever the client sent). */
function callerAddress(c: Context): string {
  return c.req.header('x-real-ip') || 'unknown'
}

/**
 * Spends one request of `bucket` for this client, or refuses with GoTrue's 429 `over_request_rate_limit`
 * (what auth-js reports as an AuthApiError with that code), plus a Retry-After header. Buckets live in
 * Postgres (auth.rate_limits), so every worker and every restart sees the same counts.
 */
export async function spend(
  db: Queryable,
  limits: AuthRateLimits,
  bucket: Bucket,
  c: Context,
): Promise<void> {
  const { setting, periodSeconds } = BUCKETS[bucket]
  const capacity = limits[setting]
  const { rows } = await db.query<{ wait: number }>('select auth.take_rate_limit_token($1, $2, $3) as wait', [
    `${bucket}:${limitedAddress(callerAddress(c))}`,
    capacity,
    capacity / periodSeconds,
  ])
  const wait = Number(rows[0]?.wait ?? 0)
  if (wait > 0) {
    throw new AuthError(
      429,
      'over_request_rate_limit',
      'Request rate limit reached',
      {},
      {
        'Retry-After': String(Math.ceil(wait)),
      },
    )
  }
}
