// The visitor chat API, called by the widget with the visitor's (usually anonymous) JWT:
//   POST /functions/v1/chat/sessions  start or resume a session (optionally as a verified contact)
//   POST /functions/v1/chat/messages  send a line, get the stored line and the bot's reply
//   POST /functions/v1/chat/form      the pre-chat form's answers; the persona's opening message
//   POST /functions/v1/chat/consent   record the visitor's consent (chatbots that require it)
// Visitors never write tables themselves: the SQL functions this calls (service role) do, scoped by the
// store of the chatbot or session, after the visitor's JWT was verified here (see README.md).
import { BodyError, readJsonBody } from '../_shared/body.ts'
import { json, preflight } from '../_shared/http.ts'
import { AttachInput, attach, SignInput, signedUrls, signUpload, UrlsInput } from './attachments.ts'
import { ConsentInput, recordConsent } from './consent.ts'
import { ClientError, ServerError, visitorFrom } from './context.ts'
import { submitForm } from './form.ts'
import { postMessage } from './messages.ts'
import { FormInput, MessageInput, SessionInput, z } from './schemas.ts'
import { startSession } from './sessions.ts'
import { Timing } from './timing.ts'

/** Sessions carry attributes; a line is at most 4000 characters. Checked before anything is parsed. */
const maxBody = 64 * 1024

function parse<T>(schema: z.ZodType<T>, raw: unknown): T {
  const result = schema.safeParse(raw)
  if (!result.success) {
    throw new ClientError(400, 'invalid_request', 'The request is not valid', z.flattenError(result.error))
  }
  return result.data
}

async function readBody(req: Request): Promise<unknown> {
  try {
    return await readJsonBody(req, maxBody)
  } catch (error) {
    if (error instanceof BodyError) throw new ClientError(error.status, error.code, error.message)
    throw error
  }
}

const ROUTES = [
  'sessions',
  'messages',
  'form',
  'attachments/sign',
  'attachments',
  'attachments/urls',
  'consent',
]

async function handle(req: Request): Promise<Response> {
  const route = /\/chat\/(.*)$/.exec(new URL(req.url).pathname.replace(/\/+$/, ''))?.[1] ?? ''
  if (!ROUTES.includes(route)) {
    throw new ClientError(404, 'not_found', `Use POST /chat/${ROUTES.join(', /chat/')}`)
  }
  if (req.method !== 'POST') throw new ClientError(405, 'method_not_allowed', 'Use POST')
  const timing = new Timing()
  const visitor = await visitorFrom(req)
  timing.step('auth')
  const raw = await readBody(req)
  timing.step('body')
  if (route === 'sessions') return json(await startSession(parse(SessionInput, raw), visitor))
  if (route === 'form') return json(await submitForm(parse(FormInput, raw), visitor))
  if (route === 'attachments/sign') return json(await signUpload(parse(SignInput, raw), visitor))
  if (route === 'attachments') return json(await attach(parse(AttachInput, raw), visitor))
  if (route === 'attachments/urls') return json(await signedUrls(parse(UrlsInput, raw), visitor))
  if (route === 'consent') return json(await recordConsent(parse(ConsentInput, raw), visitor))
  const sent = await postMessage(parse(MessageInput, raw), visitor, timing)
  return json(sent, 200, timing.header())
}

function refusal(error: ClientError): Response {
  const body: Record<string, unknown> = { code: error.code, message: error.message }
  if (error.details !== undefined) body.details = error.details
  if (error.retryAfter !== undefined) body.retry_after = error.retryAfter
  const headers: Record<string, string> =
    error.retryAfter !== undefined ? { 'Retry-After': String(error.retryAfter) } : {}
  return json(body, error.status, headers)
}

Deno.serve(async (req) => {
  if (req.method === 'OPTIONS') return preflight()
  try {
    return await handle(req)
  } catch (error) {
    if (error instanceof ClientError) return refusal(error)
    console.error(error instanceof ServerError ? error.message : error)
    return json(
      { code: 'internal_error', message: 'Something went wrong on our side; please try again' },
      500,
    )
  }
})
