import type { Context } from 'hono'
import { z } from 'zod'
import { badRequest, describeZodError, unprocessable, weakPassword } from './errors.ts'

/** Most bytes user or app metadata may take as JSON: it is stored on every user and copied into every token. */
export const MAX_METADATA_BYTES = 8 * 1024
/** Deeper JSON than any client sends, and than Postgres will nest in jsonb without running out of stack. */
const MAX_DEPTH = 32
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/**
 * What Postgres cannot store (text with NUL, JSON with unpaired UTF-16 surrogates, nesting past MAX_DEPTH)
 * is refused here with a 400, rather than failing inside an INSERT as a 500. Walks without recursion.
 */
export function checkStorable(json: unknown): void {
  const pending: Array<[unknown, number]> = [[json, 0]]
  for (let item = pending.pop(); item; item = pending.pop()) {
    const [value, depth] = item
    if (typeof value === 'string') {
      if (value.includes('\u0000') || LONE_SURROGATE.test(value)) {
        throw badRequest('validation_failed', 'Text must not contain NUL characters or unpaired surrogates')
      }
    } else if (value && typeof value === 'object') {
      if (depth >= MAX_DEPTH)
        throw badRequest('validation_failed', `JSON nested deeper than ${MAX_DEPTH} levels`)
      for (const [key, child] of Object.entries(value)) pending.push([key, depth], [child, depth + 1])
    }
  }
}

/**
 * Reads a JSON body and validates it; bad JSON, unstorable text and bad shapes are 400s with a readable
 * message. The gateway has already capped its size (BODY_LIMITS).
 */
export async function readBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  { allowEmpty = false } = {},
): Promise<z.output<S>> {
  const text = await c.req.text()
  let json: unknown = {}
  if (text.trim() || !allowEmpty) {
    try {
      json = JSON.parse(text)
    } catch (error) {
      throw badRequest('bad_json', `Could not parse request body as JSON: ${(error as Error).message}`)
    }
  }
  checkStorable(json)
  const result = schema.safeParse(json)
  if (!result.success) throw badRequest('validation_failed', describeZodError(result.error))
  return result.data
}

/** Validates query parameters the same way. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const result = schema.safeParse(c.req.query())
  if (!result.success) throw badRequest('validation_failed', describeZodError(result.error))
  return result.data
}

const metadata = z.record(z.string(), z.unknown()).refine((value) => jsonBytes(value) <= MAX_METADATA_BYTES, {
  message: `Metadata is limited to ${MAX_METADATA_BYTES} bytes of JSON`,
})

export const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value))
// auth-js sends nulls for options it does not use (code_challenge, data), so every optional accepts null.
const text = z.string().nullish()

export const signupBody = z.object({
  email: text,
  phone: text,
  password: text,
  data: metadata.nullish(),
  channel: text,
  code_challenge: text,
  code_challenge_method: text,
})

export const passwordGrantBody = z.object({ email: text, phone: text, password: text })

export const refreshGrantBody = z.object({ refresh_token: z.string({ error: 'refresh_token is required' }) })

export const userUpdateBody = z.object({
  email: text,
  phone: text,
  password: text,
  current_password: text,
  nonce: text,
  data: metadata.nullish(),
  app_metadata: metadata.nullish(),
  channel: text,
  code_challenge: text,
  code_challenge_method: text,
})

export const adminUserBody = z.object({
  id: z.uuid().nullish(),
  email: text,
  phone: text,
  password: text,
  password_hash: text,
  email_confirm: z.boolean().nullish(),
  phone_confirm: z.boolean().nullish(),
  user_metadata: metadata.nullish(),
  app_metadata: metadata.nullish(),
  role: text,
  ban_duration: text,
})

export const adminDeleteBody = z.object({ should_soft_delete: z.boolean().nullish() })

const pageNumber = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined
    const n = Number(v)
    if (!Number.isInteger(n) || n < 1) {
      ctx.addIssue({ code: 'custom', message: 'must be a positive integer' })
      return z.NEVER
    }
    return n
  })

export const listUsersQuery = z.object({ page: pageNumber, per_page: pageNumber })

const emailFormat = z.email({ pattern: z.regexes.html5Email })

/** GoTrue's validateEmail: required, at most 255 characters, a plausible address; stored lower-cased. */
export function validateEmail(email: string): string {
  if (!email) throw badRequest('validation_failed', 'An email address is required')
  if (email.length > 255) throw badRequest('validation_failed', 'An email address is too long')
  if (!emailFormat.safeParse(email).success) {
    throw badRequest('validation_failed', 'Unable to validate email address: invalid format')
  }
  return email.toLowerCase()
}

/** GoTrue's validatePhone: E.164 digits, stored without the leading `+`. */
export function validatePhone(phone: string): string {
  const digits = phone.replace(/[\s+]/g, '')
  if (!/^[1-9]\d{1,14}$/.test(digits)) {
    throw badRequest('validation_failed', 'Invalid phone number format (E.164 required)')
  }
  return digits
}

/** Go duration strings as GoTrue's `ban_duration` takes them (`24h`, `1h30m`, `none` to lift a ban). */
export function parseBanDuration(value: string): number | 'none' {
  if (value === 'none') return 'none'
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1e3, m: 6e4, h: 3.6e6 }
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)]
  if (!parts.length || parts.map((p) => p[0]).join('') !== value) {
    throw badRequest(
      'validation_failed',
      `invalid format for ban duration: time: invalid duration "${value}"`,
    )
  }
  return parts.reduce((ms, p) => ms + Number(p[1]) * (unit[p[2] as string] as number), 0)
}

/** Length rules GoTrue applies to every new password (bcrypt reads at most 72 bytes). */
export function checkPassword(password: string, minimum: number) {
  if (password.length < minimum) throw weakPassword(minimum)
  if (Buffer.byteLength(password) > 72) {
    throw unprocessable('validation_failed', 'Password cannot be longer than 72 characters')
  }
}
