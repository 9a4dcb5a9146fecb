import { bearerToken } from '../_shared/http.ts'
import { verifiedClaims } from '../_shared/jwt.ts'

/** An answer the caller can act on: a 4xx for its mistake or a limit, a 503 to retry later. `{ code, message, retry_after? }`. */
export class ClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Seconds until a refused request may be sent again (rate limits). */
    readonly retryAfter?: number,
  ) {
    super(message)
  }
}

/** The database refused or failed: a 500 with the statement's purpose, never a client's fault. */
export class ServerError extends Error {}

export interface Visitor {
  id: string
  /** The address the request came from (the edge's X-Forwarded-For), for the fresh-visitor limit. */
  ip: string | null
}

/** The signed-in visitor (anonymous is fine) from their verified JWT; the anon key is not a visitor. */
export async function visitorFrom(req: Request): Promise<Visitor> {
  const refuse = (why: string) =>
    new ClientError(
      401,
      'not_signed_in',
      `Sign in first (anonymously is fine) and send the access token: ${why}`,
    )
  const token = bearerToken(req)
  if (!token) throw refuse('no bearer token')
  let claims: Awaited<ReturnType<typeof verifiedClaims>>
  try {
    claims = await verifiedClaims(token)
  } catch (error) {
    throw refuse(error instanceof Error ? error.message : 'the token is not valid')
  }
  if (claims.role !== 'authenticated' || typeof claims.sub !== 'string') throw refuse('not a user token')
  return { id: claims.sub, ip: clientIp(req) }
}

/** The first address of X-Forwarded-For, as the edge in front of the functions sets it. */
function clientIp(req: Request): string | null {
  const first = req.headers.get('x-forwarded-for')?.split(',')[0]?.trim() ?? ''
  return /^[0-9a-fA-F.:]{2,45}$/.test(first) ? first : null
}
