import { corsHeaders } from './cors.ts'

/** A JSON reply with CORS headers. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...corsHeaders, ...headers } })
}

/** Errors have one shape everywhere: `{ code, message, details? }` (as Supabase's own `{code, message}`). */
export function errorResponse(status: number, code: string, message: string, details?: unknown): Response {
  return json(details === undefined ? { code, message } : { code, message, details }, status)
}

/** The answer to a browser's preflight. */
export function preflight(): Response {
  return new Response('ok', { headers: corsHeaders })
}

/** `Authorization: Bearer <token>` -> token, else undefined. */
export function bearerToken(req: Request): string | undefined {
  const match = /^Bearer (\S+)$/.exec(req.headers.get('Authorization') ?? '')
  return match?.[1]
}

/** Service-role callers only (the outbox dispatcher): the platform verified the JWT, we read its role. */
export function isServiceRole(req: Request): boolean {
  const token = bearerToken(req)
  if (!token) return false
  if (token === Deno.env.get('SUPABASE_SERVICE_ROLE_KEY')) return true
  try {
    const payload = token.split('.')[1] ?? ''
    const claims = JSON.parse(
      atob(
        payload
          .replace(/-/g, '+')
          .replace(/_/g, '/')
          .padEnd(Math.ceil(payload.length / 4) * 4, '='),
      ),
    )
    return claims.role === 'service_role'
  } catch {
    return false
  }
}

/**
 * The service key itself (for functions without verify_jwt, where nobody checked a JWT's signature):
 * `Authorization: Bearer <service_role key>`, or a secret key (sb_secret_...) as `apikey` or bearer.
 */
export function hasServiceKey(req: Request): boolean {
  const keys = [Deno.env.get('SUPABASE_SERVICE_ROLE_KEY')]
  try {
    keys.push(...Object.values<string>(JSON.parse(Deno.env.get('SUPABASE_SECRET_KEYS') ?? '{}')))
  } catch {
    // no secret keys
  }
  const offered = [bearerToken(req), req.headers.get('apikey') ?? undefined]
  return offered.some((key) => key !== undefined && keys.includes(key))
}
