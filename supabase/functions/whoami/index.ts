// GET|POST /functions/v1/whoami[?store=<slug>] -> the signed-in caller and the stores they belong to.
// Runs as the caller (their JWT reaches PostgREST), so row level security decides which stores show.
import { z } from 'zod'
import { bearerToken, errorResponse, json, preflight } from '../_shared/http.ts'
import { clientForCaller } from '../_shared/supabase.ts'

const Input = z.object({
  store: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a store slug')
    .optional(),
})

const Memberships = z.array(
  z.object({
    role: z.enum(['owner', 'admin', 'agent']),
    // Embedded with a to-one join: null only if the store row is hidden from the caller.
    store: z.object({ id: z.string(), name: z.string(), slug: z.string() }).nullable(),
  }),
)

async function readInput(req: Request): Promise<unknown> {
  if (req.method === 'GET') return Object.fromEntries(new URL(req.url).searchParams)
  const text = await req.text()
  return text.trim() === '' ? {} : JSON.parse(text)
}

Deno.serve(async (req) => {
  if (req.method === 'OPTIONS') return preflight()
  if (req.method !== 'GET' && req.method !== 'POST') {
    return errorResponse(405, 'method_not_allowed', 'Use GET or POST')
  }

  let raw: unknown
  try {
    raw = await readInput(req)
  } catch {
    return errorResponse(400, 'invalid_json', 'The request body is not valid JSON')
  }
  const input = Input.safeParse(raw)
  if (!input.success) {
    return errorResponse(400, 'invalid_request', 'The request is not valid', z.flattenError(input.error))
  }

  const token = bearerToken(req)
  if (!token) return errorResponse(401, 'not_signed_in', 'Send Authorization: Bearer <access token>')

  const supabase = clientForCaller(req)
  const { data: auth, error: authError } = await supabase.auth.getUser(token)
  if (authError || !auth.user) {
    return errorResponse(401, 'not_signed_in', authError?.message ?? 'No user for this token')
  }
  const user = auth.user

  // The explicit user filter is redundant with RLS but lets Postgres use the user_id index.
  const { data, error } = await supabase
    .from('memberships')
    .select('role, store:stores(id,name,slug)')
    .eq('user_id', user.id)
  if (error) return errorResponse(500, 'query_failed', error.message)

  const rows = Memberships.safeParse(data)
  if (!rows.success)
    return errorResponse(500, 'unexpected_shape', 'Memberships came back in an unexpected shape')

  return json({
    user: { id: user.id, email: user.email || null, is_anonymous: user.is_anonymous ?? false },
    stores: rows.data
      .flatMap(({ role, store }) => (store ? [{ ...store, role }] : []))
      .filter((store) => !input.data.store || store.slug === input.data.store),
  })
})
