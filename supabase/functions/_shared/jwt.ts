// The caller's JWT, verified here rather than by asking Auth (`/auth/v1/user` is a round trip per request):
// tokens signed with the project's asymmetric keys against SUPABASE_JWKS (hosted Supabase provides it),
// legacy HS256 tokens against JWT_SECRET (the devstack provides it; on hosted set it with `supabase secrets
// set` to verify legacy tokens here too). Without key material for a token's algorithm the claims are only
// decoded: the function's `verify_jwt = true` has let nothing else through the gateway.
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, type JWTPayload, jwtVerify } from 'jose'

export interface Claims extends JWTPayload {
  role?: string
  is_anonymous?: boolean
}

const secret = Deno.env.get('JWT_SECRET')
const hmacKey = secret ? new TextEncoder().encode(secret) : undefined
const jwks = (() => {
  try {
    const set = JSON.parse(Deno.env.get('SUPABASE_JWKS') ?? '')
    return Array.isArray(set?.keys) && set.keys.length > 0 ? createLocalJWKSet(set) : undefined
  } catch {
    return undefined
  }
})()

async function verify(token: string): Promise<Claims> {
  const { alg } = decodeProtectedHeader(token)
  if (alg === 'HS256' && hmacKey)
    return (await jwtVerify<Claims>(token, hmacKey, { algorithms: ['HS256'] })).payload
  if (alg !== 'HS256' && jwks) return (await jwtVerify<Claims>(token, jwks)).payload
  return decodeJwt<Claims>(token)
}

// A visitor sends the same token with every line: its signature is checked once per worker, its expiry
// every time.
const verified = new Map<string, Claims>()
const REMEMBERED = 10_000

/** The token's claims when its signature and expiry hold; throws otherwise. */
export async function verifiedClaims(token: string): Promise<Claims> {
  const claims = verified.get(token) ?? (await verify(token))
  if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) {
    verified.delete(token)
    throw new Error('the token has expired')
  }
  if (!verified.has(token)) {
    if (verified.size >= REMEMBERED) verified.delete(verified.keys().next().value ?? '')
    verified.set(token, claims)
  }
  return claims
}
