import type { DevstackConfig } from '../config.ts'
import { signJwt } from '../jwt.ts'
import type { IssuedSession } from './sessions.ts'
import { type UserRow, userJson } from './users.ts'

/** The `iss` GoTrue puts in tokens: its external URL. */
export const issuer = (config: DevstackConfig) => `${config.apiUrl}/auth/v1`

/**
 * Access token claims in GoTrue's order: aud is a string, role/session_id/is_anonymous present (Realtime needs
 * role and exp; a signed-out session_id makes /user answer 403 session_not_found).
 */
export async function accessToken(config: DevstackConfig, user: UserRow, session: IssuedSession) {
  const iat = Math.floor(Date.now() / 1000)
  const exp = iat + config.auth.jwtExpiry
  const claims = {
    iss: issuer(config),
    sub: user.id,
    aud: user.aud || 'authenticated',
    exp,
    iat,
    email: user.email ?? '',
    phone: user.phone ?? '',
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role || 'authenticated',
    aal: 'aal1',
    amr: [{ method: user.is_anonymous ? 'anonymous' : 'password', timestamp: session.authenticatedAt }],
    session_id: session.sessionId,
    is_anonymous: user.is_anonymous,
  }
  return { token: await signJwt(claims, config.jwtSecret), exp }
}

/** GoTrue's AccessTokenResponse: auth-js needs access_token, refresh_token and a non-zero expires_in. */
export async function sessionJson(
  config: DevstackConfig,
  user: UserRow,
  session: IssuedSession,
  extra: Record<string, unknown> = {},
) {
  const { token, exp } = await accessToken(config, user, session)
  return {
    access_token: token,
    token_type: 'bearer',
    expires_in: config.auth.jwtExpiry,
    expires_at: exp,
    refresh_token: session.refreshToken,
    user: userJson(user),
    ...extra,
  }
}
