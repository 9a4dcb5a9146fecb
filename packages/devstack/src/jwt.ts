import { type JWTPayload, jwtVerify, SignJWT } from 'jose'

const key = (secret: string) => new TextEncoder().encode(secret)

/** Signs claims as GoTrue does: HS256, `typ: JWT`, no `kid`. */
export async function signJwt(claims: JWTPayload, secret: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key(secret))
}

// Tokens whose signature was checked: a client sends the same token with every request and socket, and
// WebCrypto's HMAC is the gateway's most expensive step per request. A hit still has to be within exp/nbf.
const verified = new Map<string, JWTPayload>()
const REMEMBERED = 10_000

/** Verifies an HS256 token (signature and `exp`); throws on anything else. */
export async function verifyJwt<T extends JWTPayload = JWTPayload>(
  token: string,
  secret: string,
): Promise<T> {
  const cacheKey = `${secret}\n${token}`
  const now = Date.now() / 1000
  const known = verified.get(cacheKey)
  if (
    known &&
    (known.exp === undefined || known.exp > now) &&
    (known.nbf === undefined || known.nbf <= now)
  ) {
    return { ...known } as T
  }
  const { payload } = await jwtVerify<T>(token, key(secret), { algorithms: ['HS256'] })
  if (verified.size >= REMEMBERED) verified.delete(verified.keys().next().value ?? '')
  verified.set(cacheKey, payload)
  return { ...payload }
}
