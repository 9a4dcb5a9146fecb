import { randomInt } from 'node:crypto'
import type pg from 'pg'
import type { AuthConfig } from '../config.ts'
import { type Queryable, transaction } from './db.ts'
import { type AuthError, badRequest } from './errors.ts'
import { findUserById, NIL_INSTANCE, type UserRow } from './users.ts'

export interface IssuedSession {
  sessionId: string
  /** Unix seconds: the `amr` timestamp (when the user authenticated). */
  authenticatedAt: number
  refreshToken: string
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'

/** Opaque 12-character refresh token, the length GoTrue's legacy (table-backed) tokens have. */
export function newRefreshToken(): string {
  let token = ''
  for (let i = 0; i < 12; i++) token += ALPHABET[randomInt(ALPHABET.length)]
  return token
}

const epoch = (column: string) => `extract(epoch from ${column})::bigint as authenticated_at`

/** A sign-in: an auth.sessions row, its first refresh token and last_sign_in_at, in one statement. */
export async function createSession(
  db: Queryable,
  user: UserRow,
  provider: string | null,
  userAgent: string | undefined,
): Promise<IssuedSession> {
  const refreshToken = newRefreshToken()
  const { rows } = await db.query<{ id: string; authenticated_at: string }>(
    `with s as (
       insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent)
       values (gen_random_uuid(), $1::uuid, now(), now(), 'aal1', $2) returning id, created_at
     ), r as (
       insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, session_id)
       select '${NIL_INSTANCE}', $3, $1::uuid::text, false, now(), now(), s.id from s
     ), u as (
       update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1::uuid
     ), i as (
       update auth.identities set last_sign_in_at = now() where user_id = $1::uuid and provider = $4
     )
     select s.id, ${epoch('s.created_at')} from s`,
    [user.id, userAgent ?? null, refreshToken, provider],
  )
  const row = rows[0] as { id: string; authenticated_at: string }
  return { sessionId: row.id, authenticatedAt: Number(row.authenticated_at), refreshToken }
}

export async function sessionExists(db: Queryable, sessionId: string, userId: string): Promise<boolean> {
  const { rows } = await db.query(
    'select 1 from auth.sessions where id = $1 and user_id = $2 and (not_after is null or not_after > now())',
    [sessionId, userId],
  )
  return rows.length > 0
}

export type LogoutScope = 'global' | 'local' | 'others'

/** Deletes sessions (their refresh tokens go with them by cascade). */
export async function logout(db: Queryable, userId: string, sessionId: string | null, scope: LogoutScope) {
  if (scope === 'local' && sessionId) {
    await db.query('delete from auth.sessions where id = $1', [sessionId])
  } else if (scope === 'others') {
    await db.query('delete from auth.sessions where user_id = $1 and id is distinct from $2::uuid', [
      userId,
      sessionId,
    ])
  } else if (scope === 'global') {
    await db.query('delete from auth.sessions where user_id = $1', [userId])
  }
}

const notFoundToken = () =>
  badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found')

interface TokenRow {
  id: string
  token: string
  revoked: boolean
  user_id: string
  session_id: string | null
  reuse_expired: boolean
  session_found: boolean
  session_expired: boolean
  authenticated_at: string | null
}

/**
 * The refresh_token grant with GoTrue's rotation rules (token_refresh.go): a live token is revoked and
 * replaced by a child; a revoked token that is the parent of the session's active token gets that active
 * token back (the client lost the previous answer); any other revoked token is tolerated within
 * `refreshTokenReuseInterval` seconds of its revocation, after which the whole session's tokens are revoked
 * and the answer is `refresh_token_already_used`. Runs in one transaction with the token row locked.
 */
export async function refreshSession(
  pool: pg.Pool,
  token: string,
  config: AuthConfig,
): Promise<{ user: UserRow; session: IssuedSession }> {
  const outcome = await transaction(pool, async (db) => {
    const { rows } = await db.query<TokenRow>(
      `select rt.id, rt.token, rt.revoked, rt.user_id, rt.session_id,
         rt.updated_at + make_interval(secs => $2) < now() as reuse_expired,
         s.id is not null as session_found,
         coalesce(s.not_after < now(), false) as session_expired,
         ${epoch('s.created_at')}
       from auth.refresh_tokens rt left join auth.sessions s on s.id = rt.session_id
       where rt.token = $1
       for update of rt`,
      [token, config.refreshTokenReuseInterval],
    )
    const rt = rows[0]
    if (!rt) return { error: notFoundToken() }
    const user = await findUserById(db, rt.user_id)
    if (!user || user.deleted_at) return { error: notFoundToken() }
    if (user.banned) return { error: badRequest('user_banned', 'User is banned') }
    if (!rt.session_found || !rt.session_id) return { error: notFoundToken() }
    if (rt.session_expired)
      return { error: badRequest('session_expired', 'Invalid Refresh Token: Session Expired') }

    const authenticatedAt = Number(rt.authenticated_at)
    if (rt.revoked) {
      const active = await db.query<{ token: string; parent: string | null }>(
        `select token, parent from auth.refresh_tokens
         where session_id = $1 and revoked = false order by id desc limit 1`,
        [rt.session_id],
      )
      const current = active.rows[0]
      if (current && current.parent === rt.token) {
        return { user, session: { sessionId: rt.session_id, authenticatedAt, refreshToken: current.token } }
      }
      if (rt.reuse_expired) {
        if (config.refreshTokenRotation) {
          await db.query(
            'update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1',
            [rt.session_id],
          )
        }
        // Committed on purpose: the family stays revoked even though the request fails.
        return { error: badRequest('refresh_token_already_used', 'Invalid Refresh Token: Already Used') }
      }
    }

    const refreshToken = newRefreshToken()
    await db.query(
      `with old as (
         update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1 and revoked = false
       ), fresh as (
         insert into auth.refresh_tokens (instance_id, token, user_id, revoked, parent, session_id, created_at, updated_at)
         values ('${NIL_INSTANCE}', $2, $3, false, $4, $5::uuid, now(), now())
       )
       update auth.sessions set refreshed_at = now() at time zone 'UTC', updated_at = now() where id = $5::uuid`,
      [rt.id, refreshToken, rt.user_id, rt.token, rt.session_id],
    )
    return { user, session: { sessionId: rt.session_id, authenticatedAt, refreshToken } }
  })
  if ('error' in outcome) throw outcome.error as AuthError
  return outcome
}
