// The outbox dispatcher as a function (service role only): runs due jobs in-process with every job the
// registry knows (_shared/jobs/registry.gen.ts, written by `pnpm gen`) and answers with the counts.
// Callers: the devstack scheduler (on pg_notify('outbox') and every 5 s), pg_cron + pg_net when hosted.
// OUTBOX_DELAY_SCALE multiplies every delay it schedules (tests replay a long outage in a second);
// OUTBOX_BUDGET_MS bounds one call (default 25 s).

import { errorResponse, isServiceRole, json } from '../_shared/http.ts'
import { dispatch } from '../_shared/jobs/dispatcher.ts'
import { jobs } from '../_shared/jobs/registry.gen.ts'
import { serviceClient } from '../_shared/supabase.ts'

Deno.serve(async (req) => {
  if (!isServiceRole(req)) return errorResponse(403, 'forbidden', 'Only the service role runs the outbox')
  if (req.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'Use POST')
  try {
    return json(
      await dispatch({
        db: serviceClient(),
        jobs,
        delayScale: Number(Deno.env.get('OUTBOX_DELAY_SCALE') ?? '') || 1,
        budgetMs: Number(Deno.env.get('OUTBOX_BUDGET_MS') ?? '') || 25_000,
      }),
    )
  } catch (error) {
    console.error('[outbox]', error)
    return errorResponse(500, 'internal_error', error instanceof Error ? error.message : String(error))
  }
})
