// POST /functions/v1/chatbot-secrets { store_id, chatbot_id, api_key } -> { has_api_key }
// Sets (a string) or removes (null) a chatbot's AI provider key. The key is encrypted here, where
// PARLEY_ENCRYPTION_KEY lives, and stored by the service role; it is never read back. Who may: the store's
// owners and admins, decided by row level security with the caller's own JWT (only they see the chatbot's
// AI settings row).
import { z } from 'zod'
import { BodyError, readJsonBody } from '../_shared/body.ts'
import { bearerToken, errorResponse, json, preflight } from '../_shared/http.ts'
import { verifiedClaims } from '../_shared/jwt.ts'
import { encryptSecret } from '../_shared/secrets.ts'
import { clientForCaller, serviceClient } from '../_shared/supabase.ts'

const Input = z.object({
  store_id: z.uuid(),
  chatbot_id: z.uuid(),
  api_key: z.string().trim().min(1).max(500).nullable(),
})

Deno.serve(async (req) => {
  if (req.method === 'OPTIONS') return preflight()
  if (req.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'Use POST')

  const token = bearerToken(req)
  const claims = token ? await verifiedClaims(token).catch(() => null) : null
  if (claims?.role !== 'authenticated' || typeof claims.sub !== 'string') {
    return errorResponse(401, 'not_signed_in', 'Sign in as an owner or admin of the store')
  }

  let raw: unknown
  try {
    raw = await readJsonBody(req, 8 * 1024)
  } catch (error) {
    if (error instanceof BodyError) return errorResponse(error.status, error.code, error.message)
    throw error
  }
  const input = Input.safeParse(raw)
  if (!input.success) {
    return errorResponse(
      400,
      'invalid_request',
      'Send store_id, chatbot_id and api_key (a string, or null to remove it)',
      z.flattenError(input.error),
    )
  }
  const { store_id, chatbot_id, api_key } = input.data

  try {
    const allowed = await clientForCaller(req)
      .from('chatbot_ai_settings')
      .select('chatbot_id')
      .eq('chatbot_id', chatbot_id)
      .eq('store_id', store_id)
      .maybeSingle()
    if (allowed.error) throw new Error(`reading the chatbot as the caller: ${allowed.error.message}`)
    if (!allowed.data) {
      return errorResponse(404, 'not_found', 'No such chatbot among the stores you own or administer')
    }

    const db = serviceClient()
    const stored = await db
      .from('chatbot_ai_settings')
      .update({ api_key: api_key === null ? null : await encryptSecret(api_key) })
      .eq('chatbot_id', chatbot_id)
      .eq('store_id', store_id)
      .select('has_api_key')
      .single()
    if (stored.error) throw new Error(`storing the key: ${stored.error.message}`)
    const audit = await db.from('audit_log').insert({
      store_id,
      actor_id: claims.sub,
      action: api_key === null ? 'chatbots.ai_key_removed' : 'chatbots.ai_key_set',
      target: chatbot_id,
    })
    if (audit.error) console.error(`[chatbot-secrets] audit entry: ${audit.error.message}`)
    return json({ has_api_key: stored.data.has_api_key })
  } catch (error) {
    console.error('[chatbot-secrets]', error)
    return errorResponse(500, 'internal_error', 'The key could not be stored; please try again')
  }
})
