// The automations function:
//   POST /functions/v1/automations           the worker (service role): timers, events, runs (worker.ts)
//   POST /functions/v1/automations/publish   { workflow_id }: validate and compile the draft, publish it
//                                            as the next version (owners and admins)
//   POST /functions/v1/automations/dry-run   { workflow_id, graph?, limit? }: replay the last conversations
//                                            through the draft (owners and admins); writes nothing
// Callers of the worker: the devstack scheduler (pg_notify('automations') and every 5 s), pg_cron + pg_net.
// Jobs the worker enqueues are dispatched here right away, so an automation's reply does not wait for the
// outbox function's next call.

import { z } from 'zod'
import { CompileError, compileGraph } from '../_shared/automations/compile.ts'
import { dryRunWorkflow, loadReplay } from '../_shared/automations/dry-run.ts'
import { work } from '../_shared/automations/worker.ts'
import { errorResponse, isServiceRole, json, preflight } from '../_shared/http.ts'
import { dispatch } from '../_shared/jobs/dispatcher.ts'
import { jobs } from '../_shared/jobs/registry.gen.ts'
import { clientForCaller, type Db, serviceClient } from '../_shared/supabase.ts'

const PublishInput = z.object({ workflow_id: z.uuid() })
const DryRunInput = z.object({
  workflow_id: z.uuid(),
  /** The draft to try; default: the workflow's saved draft. */
  graph: z.unknown().optional(),
  limit: z.number().int().min(1).max(200).default(20),
})

class ClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }
}

async function body<T>(req: Request, schema: z.ZodType<T>): Promise<T> {
  let raw: unknown
  try {
    raw = await req.json()
  } catch {
    throw new ClientError(400, 'invalid_json', 'The request body is not valid JSON')
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success)
    throw new ClientError(400, 'invalid_request', 'The request is not valid', z.flattenError(parsed.error))
  return parsed.data
}

/** The signed-in owner or admin of the workflow's store, and the workflow as they see it. */
async function adminsWorkflow(req: Request, workflowId: string) {
  const caller = clientForCaller(req)
  const { data: user } = await caller.auth.getUser()
  if (!user.user) throw new ClientError(401, 'not_signed_in', 'Sign in to manage automations')
  const { data: workflow, error } = await caller
    .from('workflows')
    .select('id, store_id, name, graph')
    .eq('id', workflowId)
    .maybeSingle()
  if (error) throw new Error(`reading the workflow: ${error.message}`)
  if (!workflow) throw new ClientError(404, 'not_found', 'No such workflow in your stores')
  const { data: membership } = await caller
    .from('memberships')
    .select('role')
    .eq('store_id', workflow.store_id)
    .eq('user_id', user.user.id)
    .maybeSingle()
  if (!membership || (membership.role !== 'owner' && membership.role !== 'admin'))
    throw new ClientError(403, 'forbidden', 'Only owners and admins manage automations')
  return { caller, user: user.user, workflow }
}

/** Chatwoot (when its account works) and the store's connected apps, for nodes that need one. */
async function connections(db: Db, storeId: string): Promise<string[]> {
  const { data } = await db.from('chatwoot_accounts').select('status').eq('store_id', storeId).maybeSingle()
  const { data: apps } = await db
    .from('integrations')
    .select('provider')
    .eq('store_id', storeId)
    .in('status', ['connected', 'reconnect'])
  return [
    ...(data && data.status !== 'deleted' && data.status !== 'failed' ? ['chatwoot'] : []),
    ...(apps ?? []).map((a) => a.provider),
  ]
}

async function publish(req: Request) {
  const input = await body(req, PublishInput)
  const { user, workflow } = await adminsWorkflow(req, input.workflow_id)
  const service = serviceClient()
  let compiled: ReturnType<typeof compileGraph>
  try {
    compiled = compileGraph(workflow.graph, { connections: await connections(service, workflow.store_id) })
  } catch (error) {
    if (error instanceof CompileError)
      throw new ClientError(422, 'invalid_workflow', 'The workflow has problems to fix before publishing', {
        issues: error.issues,
      })
    throw error
  }
  const { data: version, error } = await service.rpc('publish_workflow', {
    p_user_id: user.id,
    p_workflow_id: workflow.id,
    p_graph: workflow.graph,
    p_compiled: compiled as never,
  })
  if (error) throw new Error(`publishing: ${error.message}`)
  return json({ workflow_id: workflow.id, version })
}

async function dryRun(req: Request) {
  const input = await body(req, DryRunInput)
  const { caller, workflow } = await adminsWorkflow(req, input.workflow_id)
  let compiled: ReturnType<typeof compileGraph>
  try {
    compiled = compileGraph(input.graph ?? workflow.graph)
  } catch (error) {
    if (error instanceof CompileError)
      throw new ClientError(422, 'invalid_workflow', 'Fix the workflow before trying it', {
        issues: error.issues,
      })
    throw error
  }
  const { store, conversations } = await loadReplay(caller, workflow.store_id, input.limit)
  return json(dryRunWorkflow(compiled, store, conversations))
}

async function handle(req: Request): Promise<Response> {
  if (req.method !== 'POST') throw new ClientError(405, 'method_not_allowed', 'Use POST')
  const route = new URL(req.url).pathname.replace(/\/+$/, '').split('/').pop()
  if (route === 'publish') return publish(req)
  if (route === 'dry-run') return dryRun(req)
  if (route !== 'automations')
    throw new ClientError(404, 'not_found', 'Use POST /automations, /publish or /dry-run')
  if (!isServiceRole(req))
    throw new ClientError(403, 'forbidden', 'Only the service role runs the automations worker')
  const db = serviceClient()
  return json(
    await work({
      db,
      budgetMs: Number(Deno.env.get('AUTOMATIONS_BUDGET_MS') ?? '') || 20_000,
      // The actions just enqueued run here and now, so a reply does not wait for the outbox function's
      // next call; the outbox function runs whatever is left, side by side (jobs are claimed skip locked).
      onJobs: () =>
        dispatch({
          db,
          jobs,
          budgetMs: 3000,
          concurrency: 16,
          idleWaitSeconds: 0,
          delayScale: Number(Deno.env.get('OUTBOX_DELAY_SCALE') ?? '') || 1,
        }),
    }),
  )
}

Deno.serve(async (req) => {
  if (req.method === 'OPTIONS') return preflight()
  try {
    return await handle(req)
  } catch (error) {
    if (error instanceof ClientError)
      return errorResponse(error.status, error.code, error.message, error.details)
    console.error('[automations]', error)
    return errorResponse(500, 'internal_error', 'Something went wrong on our side; please try again')
  }
})
