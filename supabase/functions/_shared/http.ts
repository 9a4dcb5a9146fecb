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
