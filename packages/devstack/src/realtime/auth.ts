import { errors } from 'jose'
import { type DevstackConfig, LOCAL_PUBLISHABLE_KEY, LOCAL_SECRET_KEY } from '../config.ts'
import { verifyJwt } from '../jwt.ts'

/** The claims Realtime needs: a role to run RLS as and an expiry (as Supabase Realtime requires). */
export interface Claims {
  role: string
  exp: number
  sub?: string
  [claim: string]: unknown
}

/** The JWT an API key stands for: the sb_ publishable/secret keys map to the anon/service_role JWTs. */
export function jwtForKey(config: DevstackConfig, key: string): string {
  if (key === LOCAL_PUBLISHABLE_KEY) return config.anonKey
  if (key === LOCAL_SECRET_KEY) return config.serviceRoleKey
  return key
}

/** Verifies a token as Realtime does; the error message is what the client is told. */
export async function verifyToken(config: DevstackConfig, token: string): Promise<Claims> {
  let claims: Record<string, unknown>
  try {
    claims = await verifyJwt(jwtForKey(config, token), config.jwtSecret)
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      const exp = Number((error.payload as { exp?: number }).exp ?? 0)
      throw new Error(`Token has expired ${Math.max(0, Math.round(Date.now() / 1000 - exp))} seconds ago`)
    }
    throw new Error('Invalid JWT Token')
  }
  if (typeof claims.role !== 'string' || typeof claims.exp !== 'number') {
    throw new Error('Fields `role` and `exp` are required in JWT')
  }
  return claims as Claims
}
