// The visitor chat API, called by the widget with the visitor's (usually anonymous) JWT:
//   POST /functions/v1/chat/sessions  start or resume a session (optionally as a verified contact)
//   POST /functions/v1/chat/messages  send a message, get the stored message and the bot's reply
// Visitors never write tables themselves: this function does, with the service role, scoping every
// statement by the store of the chatbot or session (see context.ts and the handlers).
import { errorResponse, json, preflight } from '../_shared/http.ts'
import { serviceClient } from '../_shared/supabase.ts'
import { ClientError, ServerError, visitorFrom } from './context.ts'
import { postMessage } from './messages.ts'
import { limits, take } from './rate-limit.ts'
import { MessageInput, SessionInput, z } from './schemas.ts'
import { startSession } from './sessions.ts'

const maxBody = 64 * 1024

async function readJson(req: Request): Promise<unknown> {
  const text = await req.text()
  if (text.length > maxBody)
    throw new ClientError(413, 'payload_too_large', `The body is over ${maxBody} bytes`)
  try {
    return JSON.parse(text)
  } catch {
    throw new ClientError(400, 'invalid_json', 'The request body is not valid JSON')
  }
}

function parse<T>(schema: z.ZodType<T>, raw: unknown): T {
  const result = schema.safeParse(raw)
  if (!result.success) {
    throw new ClientError(400, 'invalid_request', 'The request is not valid', z.flattenError(result.error))
  }
  return result.data
}

function limit(key: string, which: keyof typeof limits): void {
  const waitMs = take(key, limits[which])
  if (waitMs > 0) {
    throw new ClientError(429, 'rate_limited', 'Too many requests, slow down', undefined, {
      'Retry-After': String(Math.ceil(waitMs / 1000)),
    })
  }
}

async function handle(req: Request): Promise<Response> {
  const route = new URL(req.url).pathname.replace(/\/+$/, '').split('/').slice(-1)[0]
  if (route !== 'sessions' && route !== 'messages') {
    throw new ClientError(404, 'not_found', 'Use POST /chat/sessions or POST /chat/messages')
  }
  if (req.method !== 'POST') throw new ClientError(405, 'method_not_allowed', 'Use POST')
  const visitor = visitorFrom(req)
  const raw = await readJson(req)
  const db = serviceClient()
  if (route === 'sessions') {
    const input = parse(SessionInput, raw)
    limit(`sessions:${visitor.id}`, 'sessions')
    return json(await startSession(db, input, visitor))
  }
  const input = parse(MessageInput, raw)
  limit(`messages:${visitor.id}`, 'messages')
  return json(await postMessage(db, input, visitor))
}

Deno.serve(async (req) => {
  if (req.method === 'OPTIONS') return preflight()
  try {
    return await handle(req)
  } catch (error) {
    if (error instanceof ClientError) {
      const response = errorResponse(error.status, error.code, error.message, error.details)
      for (const [name, value] of Object.entries(error.headers)) response.headers.set(name, value)
      return response
    }
    console.error(error instanceof ServerError ? error.message : error)
    return errorResponse(500, 'internal_error', 'Something went wrong on our side; please try again')
  }
})
