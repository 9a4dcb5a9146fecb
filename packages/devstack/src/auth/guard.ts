import type { Context } from 'hono'
import { errors as joseErrors } from 'jose'
import type { StackContext } from '../context.ts'
import { verifyJwt } from '../jwt.ts'
import { AuthError, forbidden } from './errors.ts'
import { sessionExists } from './sessions.ts'
import { findUserById, type UserRow } from './users.ts'

export interface Claims {
  sub?: string
  role?: string
  aud?: string | string[]
  session_id?: string
  [key: string]: unknown
}

function bearer(c: Context): string {
  const match = /^bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')
  if (!match?.[1]) throw new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token')
  return match[1]
}

/** GoTrue's wording for tokens it cannot accept; expired ones included (403 bad_jwt). */
function badJwt(error: unknown): AuthError {
  let reason = 'token is malformed'
  if (error instanceof joseErrors.JWTExpired) reason = 'token has invalid claims: token is expired'
  else if (error instanceof joseErrors.JWSSignatureVerificationFailed) reason = 'token signature is invalid'
  else if (error instanceof joseErrors.JWTClaimValidationFailed)
    reason = `token has invalid claims: ${error.message}`
  return forbidden('bad_jwt', `invalid JWT: unable to parse or verify signature, ${reason}`)
}

export async function verifiedClaims(c: Context, ctx: StackContext): Promise<Claims> {
  const token = bearer(c)
  try {
    return await verifyJwt<Claims>(token, ctx.config.jwtSecret)
  } catch (error) {
    throw badJwt(error)
  }
}

export interface Authenticated {
  claims: Claims
  user: UserRow
  sessionId: string | null
}

/**
 * requireAuthentication: a valid user JWT whose user still exists, is not banned, and whose session has
 * not been signed out (403 session_not_found is what makes auth-js drop its local session).
 */
export async function authenticateUser(c: Context, ctx: StackContext): Promise<Authenticated> {
  const claims = await verifiedClaims(c, ctx)
  if (!claims.sub) throw forbidden('bad_jwt', 'invalid claim: missing sub claim')
  if (!/^[0-9a-f-]{36}$/i.test(claims.sub))
    throw forbidden('bad_jwt', 'invalid claim: sub claim must be a UUID')
  const user = await findUserById(ctx.pool, claims.sub)
  if (!user || user.deleted_at) throw forbidden('user_not_found', 'User from sub claim in JWT does not exist')
  if (user.banned) throw forbidden('user_banned', 'User is banned')
  const sessionId = typeof claims.session_id === 'string' && claims.session_id ? claims.session_id : null
  if (
    sessionId &&
    !(/^[0-9a-f-]{36}$/i.test(sessionId) && (await sessionExists(ctx.pool, sessionId, user.id)))
  ) {
    throw forbidden('session_not_found', 'Session from session_id claim in JWT does not exist')
  }
  return { claims, user, sessionId }
}

/** requireAdmin: the JWT role must be an admin role (the CLI sets GOTRUE_JWT_ADMIN_ROLES=service_role). */
export async function requireAdmin(c: Context, ctx: StackContext): Promise<Claims> {
  const claims = await verifiedClaims(c, ctx)
  if (claims.role !== 'service_role') throw forbidden('not_admin', 'User not allowed')
  return claims
}
