import { errors as jose } from 'jose'
import { signJwt, verifyJwt } from '../jwt.ts'
import { errors } from './errors.ts'

/** What a signed URL's token carries, as Storage signs it (`url` is `{bucket}/{name}`). */
export interface UrlToken {
  url: string
  scope: 'download' | 'upload'
  owner?: string | null
  upsert?: boolean
}

export function signUrlToken(token: UrlToken, expiresIn: number, secret: string): Promise<string> {
  const iat = Math.floor(Date.now() / 1000)
  return signJwt({ ...token, iat, exp: iat + expiresIn }, secret)
}

/** Checks signature, expiry, scope and that the token was made for this very object. */
export async function verifyUrlToken(
  token: string | undefined,
  scope: UrlToken['scope'],
  url: string,
  secret: string,
): Promise<UrlToken & { exp: number }> {
  if (!token) throw errors.invalidRequest('querystring must have required property token')
  let claims: Record<string, unknown>
  try {
    claims = await verifyJwt(token, secret)
  } catch (error) {
    throw errors.invalidJwt(error instanceof jose.JWTExpired ? 'jwt expired' : 'invalid signature')
  }
  // Tokens from before scopes were added are told apart by `upsert`, which only upload tokens carry.
  const tokenScope = claims.scope ?? ('upsert' in claims ? 'upload' : 'download')
  if (tokenScope !== scope || claims.url !== url) throw errors.invalidJwt('Invalid signature')
  return claims as unknown as UrlToken & { exp: number }
}
