// GET /functions/v1/health[?store=<store id>]: what each part of Parley is doing (database, PostgREST,
// auth, realtime, functions, the outbox, Chatwoot). verify_jwt is off so that an uptime monitor can poll it
// without a key; the caller's credentials choose the view:
//   nothing, the anon key, any user   anyone's view: a word per part (ok, degraded, down), cacheable 5 s
//   the service key                   every part's latency and why it is not ok, the outbox per
//                                      destination, the breakers, Chatwoot's reachability
//   ?store=<id> + a member's JWT       anyone's view plus that store: its Chatwoot (all members) and its
//                                      jobs (owners and admins), from rpc('store_health') as the caller
//                                      (the service key sees any store this way)
// Public and service views answer 503 when a core part (database, PostgREST, auth) is down, for monitors;
// the store view always answers 200 with its words, for the dashboard that draws them.
// HEALTH_PROBE_TIMEOUT_MS bounds each probe (default 2000); HEALTH_CACHE_MS reuses one check (default 5000).
import { z } from 'zod'
import { chatwootUrl } from '../_shared/chatwoot-connection.ts'
import { bearerToken, errorResponse, hasServiceKey, json, preflight } from '../_shared/http.ts'
import { clientForCaller } from '../_shared/supabase.ts'
import { checkEverything, publicView, reuseFor, storeView } from './report.ts'

const setting = (name: string, fallback: number) => {
  const value = Number(Deno.env.get(name) ?? '')
  return Number.isFinite(value) && value > 0 ? value : fallback
}

const currentReport = reuseFor(setting('HEALTH_CACHE_MS', 5000), () =>
  checkEverything({
    supabaseUrl: Deno.env.get('SUPABASE_URL') ?? '',
    anonKey: Deno.env.get('SUPABASE_ANON_KEY') ?? '',
    timeoutMs: setting('HEALTH_PROBE_TIMEOUT_MS', 2000),
    chatwootUrl: Deno.env.get('CHATWOOT_URL') ? chatwootUrl() : undefined,
  }),
)

const Query = z.object({ store: z.uuid('store must be a store id').optional() })

// Each view varies by who asks: a shared cache must never hand one caller's view to another.
const PUBLIC = { 'Cache-Control': 'public, max-age=5', Vary: 'Authorization, apikey' }
const PRIVATE = { 'Cache-Control': 'private, no-store', Vary: 'Authorization, apikey' }

Deno.serve(async (req) => {
  if (req.method === 'OPTIONS') return preflight()
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return errorResponse(405, 'method_not_allowed', 'Use GET')
  const query = Query.safeParse(Object.fromEntries(new URL(req.url).searchParams))
  if (!query.success)
    return errorResponse(400, 'invalid_request', 'The request is not valid', z.flattenError(query.error))
  const { store } = query.data

  const report = await currentReport()
  const service = hasServiceKey(req)
  if (!store)
    return service
      ? json(report, statusOf(report), PRIVATE)
      : json(publicView(report), statusOf(report), PUBLIC)

  if (!service && !bearerToken(req))
    return errorResponse(401, 'not_signed_in', 'Sign in as a member of the store to see its health')
  const { data, error } = await clientForCaller(req).rpc('store_health', { p_store_id: store })
  if (error) {
    // anon has no grant (42501); PostgREST refuses a bad or expired JWT (PGRST30x)
    if (error.code === '42501' || error.code.startsWith('PGRST30'))
      return errorResponse(401, 'not_signed_in', 'Sign in as a member of the store to see its health')
    if (error.code === 'P0002') return errorResponse(404, 'store_not_found', error.message)
    return errorResponse(503, 'unavailable', `The store's health could not be read: ${error.message}`)
  }
  return json(storeView(report, data), 200, PRIVATE)
})

const statusOf = (report: { status: string }) => (report.status === 'down' ? 503 : 200)
