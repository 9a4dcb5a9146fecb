import type { SupabaseClient } from '@supabase/supabase-js'
import { bearerToken } from '../_shared/http.ts'

/** A mistake of the caller: becomes a 4xx `{ code, message }`. */
export class ClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

/** The database refused or failed: a 500 with the statement's purpose, never a client's fault. */
export class ServerError extends Error {}

export interface Visitor {
  id: string
  isAnonymous: boolean
}

/**
 * The caller from the JWT. The platform verified its signature already (verify_jwt = true), so the
 * claims are read, not re-checked; the anon key (role anon) is not a visitor.
 */
export function visitorFrom(req: Request): Visitor {
  const token = bearerToken(req)
  const payload = token?.split('.')[1]
  let claims: { sub?: unknown; role?: unknown; is_anonymous?: unknown } = {}
  try {
    if (payload) claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')))
  } catch {
    // fall through to the refusal below
  }
  if (claims.role !== 'authenticated' || typeof claims.sub !== 'string') {
    throw new ClientError(
      401,
      'not_signed_in',
      'Sign in first (anonymously is fine) and send the access token',
    )
  }
  return { id: claims.sub, isAnonymous: claims.is_anonymous === true }
}

/** Unwraps a supabase-js result; database errors are the server's problem. */
export function must<T>(
  result: { data: T; error: { message: string; code?: string } | null },
  what: string,
): T {
  if (result.error) throw new ServerError(`${what}: ${result.error.message}`)
  return result.data
}

export type Db = SupabaseClient

export interface SessionRow {
  id: string
  store_id: string
  chatbot_id: string
  contact_id: string | null
  visitor_id: string | null
  status: 'bot' | 'queued' | 'human' | 'resolved'
  sentiment: number | null
  lead_score: number | null
  language: string | null
  summary: string
  chatwoot_conversation_id: number | null
  started_at: string
}

export const sessionColumns =
  'id, store_id, chatbot_id, contact_id, visitor_id, status, sentiment, lead_score, language, summary, chatwoot_conversation_id, started_at'

/**
 * May this visitor use the session? Their own, or one of a contact they proved to be (identity HMAC).
 * Anything else looks exactly like a session that does not exist.
 */
export async function assertVisitorSession(
  db: Db,
  session: SessionRow | null,
  visitor: Visitor,
): Promise<SessionRow> {
  if (session) {
    if (session.visitor_id === visitor.id) return session
    if (session.contact_id) {
      const link = must(
        await db
          .from('contact_visitors')
          .select('contact_id')
          .eq('store_id', session.store_id)
          .eq('contact_id', session.contact_id)
          .eq('visitor_id', visitor.id)
          .maybeSingle(),
        'checking the visitor link',
      )
      if (link) return session
    }
  }
  throw new ClientError(404, 'session_not_found', 'No such chat session for this visitor')
}
