import 'server-only'
import type { Graph } from '@parley/supabase/automations'
import { describeError } from '../errors.ts'
import { createClient } from '../supabase/server.ts'
import type { Loaded } from './stores.ts'

export interface WorkflowSummary {
  id: string
  name: string
  description: string
  enabled: boolean
  published_version: number | null
  published_at: string | null
  updated_at: string
  runs24h: number
  failures24h: number
  lastRun: { started_at: string; status: string } | null
}

const DAY_MS = 24 * 60 * 60 * 1000

/** The store's workflows with their runs and failures of the last 24 hours and their latest run. */
export async function listWorkflows(storeId: string): Promise<Loaded<WorkflowSummary[]>> {
  const supabase = await createClient()
  const since = new Date(Date.now() - DAY_MS).toISOString()
  const [workflows, runs] = await Promise.all([
    supabase
      .from('workflows')
      .select(
        'id, name, description, enabled, published_version, published_at, updated_at, last_run:workflow_runs(started_at, status)',
      )
      .eq('store_id', storeId)
      .order('created_at', { ascending: true })
      .order('started_at', { referencedTable: 'workflow_runs', ascending: false })
      .limit(1, { referencedTable: 'workflow_runs' }),
    supabase
      .from('workflow_runs')
      .select('workflow_id, status')
      .eq('store_id', storeId)
      .gte('started_at', since)
      .limit(10_000),
  ])
  if (workflows.error)
    return { ok: false, error: describeError(workflows.error, 'Could not load the automations.') }
  const counts = new Map<string, { runs: number; failures: number }>()
  for (const run of runs.data ?? []) {
    const c = counts.get(run.workflow_id) ?? { runs: 0, failures: 0 }
    c.runs += 1
    if (run.status === 'failed') c.failures += 1
    counts.set(run.workflow_id, c)
  }
  return {
    ok: true,
    data: workflows.data.map(({ last_run, ...w }) => ({
      ...w,
      runs24h: counts.get(w.id)?.runs ?? 0,
      failures24h: counts.get(w.id)?.failures ?? 0,
      lastRun: last_run[0] ?? null,
    })),
  }
}

export interface WorkflowDraft {
  id: string
  store_id: string
  name: string
  description: string
  enabled: boolean
  graph: Graph
  published_version: number | null
  published_at: string | null
  updated_at: string
}

/** One workflow with its draft graph, or null when it does not exist or is not visible to me. */
export async function getWorkflow(
  storeId: string,
  workflowId: string,
): Promise<Loaded<WorkflowDraft | null>> {
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('workflows')
    .select('id, store_id, name, description, enabled, graph, published_version, published_at, updated_at')
    .eq('store_id', storeId)
    .eq('id', workflowId)
    .maybeSingle()
  if (error) {
    if (error.code === '22P02') return { ok: true, data: null }
    return { ok: false, error: describeError(error, 'Could not load this automation.') }
  }
  if (!data) return { ok: true, data: null }
  const graph = data.graph as unknown as Partial<Graph> | null
  return {
    ok: true,
    data: { ...data, graph: { nodes: graph?.nodes ?? [], edges: graph?.edges ?? [] } as Graph },
  }
}
