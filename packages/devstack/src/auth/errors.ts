import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { ZodError } from 'zod'

/** The API version GoTrue reports; auth-js reads `code` from the body only when it sees this header. */
export const API_VERSION = '2024-01-01'

/** An error GoTrue would answer with: HTTP status, machine code (apierrors/errorcode.go) and message. */
export class AuthError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

export const badRequest = (code: string, message: string) => new AuthError(400, code, message)
export const unprocessable = (code: string, message: string) => new AuthError(422, code, message)
export const forbidden = (code: string, message: string) => new AuthError(403, code, message)
export const notFound = (code: string, message: string) => new AuthError(404, code, message)

export const weakPassword = (min: number) =>
  new AuthError(422, 'weak_password', `Password should be at least ${min} characters.`, {
    weak_password: { reasons: ['length'] },
  })

/**
 * Both body shapes at once: `code` (string) + `message` for 2024-01-01 clients, `error_code` + `msg` for
 * older ones; auth-js picks whichever it understands (the code only when the response carries
 * X-Supabase-Api-Version).
 */
export function sendError(c: Context, error: AuthError): Response {
  const versioned = Boolean(c.req.header('x-supabase-api-version'))
  c.header('X-Supabase-Api-Version', API_VERSION)
  c.header('x-sb-error-code', error.code)
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value)
  return c.json(
    {
      code: versioned ? error.code : error.status,
      error_code: error.code,
      message: error.message,
      msg: error.message,
      ...error.extra,
    },
    error.status,
  )
}

/** Zod issues as one readable line: `password: Invalid input: expected string, received number`. */
export function describeZodError(error: ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`).join('; ')
}

/** Hono onError: known errors keep their status; anything else is a 500 GoTrue-style, never a crash. */
export function handleError(error: Error, c: Context): Response {
  if (error instanceof AuthError) return sendError(c, error)
  if (error instanceof ZodError) return sendError(c, badRequest('validation_failed', describeZodError(error)))
  console.error('[auth]', error)
  return sendError(c, new AuthError(500, 'unexpected_failure', 'Internal Server Error'))
}
