import { type JWTPayload, jwtVerify, SignJWT } from 'jose'

const key = (secret: string) => new TextEncoder().encode(secret)

/** Signs claims as GoTrue does: HS256, `typ: JWT`, no `kid`. */
export async function signJwt(claims: JWTPayload, secret: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key(secret))
}

/** Verifies an HS256 token (signature and `exp`); throws on anything else. */
export async function verifyJwt<T extends JWTPayload = JWTPayload>(
  token: string,
  secret: string,
): Promise<T> {
  const { payload } = await jwtVerify<T>(token, key(secret), { algorithms: ['HS256'] })
  return payload
}
