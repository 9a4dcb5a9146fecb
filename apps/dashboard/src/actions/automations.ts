'use server'

import {
  type DryRunReport,
  Graph,
  type Issue,
  importWorkflow,
  templateById,
} from '@parley/supabase/automations'
import type { Json } from '@parley/supabase/database'
import { revalidatePath } from 'next/cache'
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { describeError } from '../lib/errors.ts'
import { createClient } from '../lib/supabase/server.ts'

/** What the builder's buttons get back: done, or a sentence (and, for publish, the problems per step). */
export type AutomationResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; error: string; issues?: Issue[]; errors?: { path: string; message: string }[] }

const ids = z.object({ storeId: z.uuid(), workflowId: z.uuid() })
const listPath = (storeId: string) => `/stores/${storeId}/automations`
const editorPath = (storeId: string, workflowId: string) => `${listPath(storeId)}/${workflowId}`
const bad = { ok: false as const, error: 'That automation could not be found.' }

async function insertWorkflow(
  storeId: string,
  row: { name: string; description?: string; graph: Graph },
): Promise<AutomationResult<string>> {
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('workflows')
    .insert({
      store_id: storeId,
      name: row.name.slice(0, 120),
      description: row.description ?? '',
      graph: row.graph as unknown as NonNullable<Json>,
    })
    .select('id')
    .single()
  if (error) return { ok: false, error: describeError(error, 'Could not create the automation.') }
  return { ok: true, data: data.id }
}

/** A new draft, blank or copied from a template, opened in the builder. */
export async function createWorkflow(storeId: string, templateId: string | null): Promise<AutomationResult> {
  if (!z.uuid().safeParse(storeId).success) return bad
  const template = templateId ? templateById(templateId) : undefined
  if (templateId && !template) return { ok: false, error: 'There is no such template.' }
  const created = await insertWorkflow(storeId, {
    name: template?.name ?? 'New automation',
    description: template?.description ?? '',
    graph: template?.graph ?? { nodes: [], edges: [] },
  })
  if (!created.ok) return created
  redirect(editorPath(storeId, created.data))
}

/** A copy of a workflow's draft, unpublished. */
export async function duplicateWorkflow(storeId: string, workflowId: string): Promise<AutomationResult> {
  if (!ids.safeParse({ storeId, workflowId }).success) return bad
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('workflows')
    .select('name, description, graph')
    .eq('store_id', storeId)
    .eq('id', workflowId)
    .maybeSingle()
  if (error || !data) return { ok: false, error: describeError(error, bad.error) }
  const created = await insertWorkflow(storeId, {
    name: `${data.name} (copy)`,
    description: data.description,
    graph: data.graph as unknown as Graph,
  })
  if (!created.ok) return created
  revalidatePath(listPath(storeId))
  return { ok: true, data: undefined }
}

export async function deleteWorkflow(storeId: string, workflowId: string): Promise<AutomationResult> {
  if (!ids.safeParse({ storeId, workflowId }).success) return bad
  const supabase = await createClient()
  // RLS hides the row from agents, so ask for it back: nothing deleted means "not allowed".
  const { data, error } = await supabase
    .from('workflows')
    .delete()
    .eq('store_id', storeId)
    .eq('id', workflowId)
    .select('id')
  if (error) return { ok: false, error: describeError(error, 'Could not delete the automation.') }
  if (!data.length) return { ok: false, error: 'Only owners and admins delete automations.' }
  revalidatePath(listPath(storeId))
  return { ok: true, data: undefined }
}

/** Pauses or resumes a published workflow (runs already going finish either way). */
export async function setWorkflowEnabled(
  storeId: string,
  workflowId: string,
  enabled: boolean,
): Promise<AutomationResult> {
  if (!ids.safeParse({ storeId, workflowId }).success) return bad
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('workflows')
    .update({ enabled })
    .eq('store_id', storeId)
    .eq('id', workflowId)
    .not('published_version', 'is', null)
    .select('id')
  if (error) return { ok: false, error: describeError(error, 'Could not change the automation.') }
  if (!data.length)
    return { ok: false, error: 'Publish it first; only owners and admins switch automations.' }
  revalidatePath(listPath(storeId))
  return { ok: true, data: undefined }
}

/** A `parley.workflow` file becomes a new draft; a file that is not one is refused with the reasons. */
export async function importWorkflowFile(storeId: string, text: string): Promise<AutomationResult> {
  if (!z.uuid().safeParse(storeId).success) return bad
  if (text.length > 1_000_000) return { ok: false, error: 'The file is larger than 1 MB.' }
  const file = importWorkflow(text)
  if (!file.ok) return { ok: false, error: 'This file cannot be imported.', errors: file.errors }
  const created = await insertWorkflow(storeId, file.workflow)
  if (!created.ok) return created
  redirect(editorPath(storeId, created.data))
}

const SaveInput = ids.extend({ name: z.string().trim().min(1).max(120), graph: Graph })

/** The builder's autosave: the draft graph and name (publishing copies it into a version). */
export async function saveDraft(input: {
  storeId: string
  workflowId: string
  name: string
  graph: unknown
}): Promise<AutomationResult<{ updated_at: string }>> {
  const parsed = SaveInput.safeParse(input)
  if (!parsed.success)
    return { ok: false, error: parsed.error.issues[0]?.message ?? 'The draft is not a workflow.' }
  const { storeId, workflowId, name, graph } = parsed.data
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('workflows')
    .update({ name, graph: graph as unknown as NonNullable<Json> })
    .eq('store_id', storeId)
    .eq('id', workflowId)
    .select('updated_at')
  if (error) return { ok: false, error: describeError(error, 'Could not save the draft.') }
  if (!data[0]) return { ok: false, error: 'Only owners and admins edit automations.' }
  return { ok: true, data: { updated_at: data[0].updated_at } }
}

/** Reads a function's error body (`{ code, message, details }`) into a result. */
async function functionError(error: unknown, fallback: string): Promise<AutomationResult<never>> {
  const response = (error as { context?: Response }).context
  if (response && typeof response.json === 'function') {
    try {
      const body = (await response.json()) as { message?: string; details?: { issues?: Issue[] } }
      return { ok: false, error: body.message ?? fallback, issues: body.details?.issues }
    } catch {
      // not JSON: the fallback below
    }
  }
  return { ok: false, error: describeError(error as { message?: string }, fallback) }
}

/** Saves the draft, then publishes it as the next immutable version (the function validates and compiles). */
export async function publishWorkflow(input: {
  storeId: string
  workflowId: string
  name: string
  graph: unknown
}): Promise<AutomationResult<{ version: number }>> {
  const saved = await saveDraft(input)
  if (!saved.ok) return saved
  const supabase = await createClient()
  const { data, error } = await supabase.functions.invoke<{ version: number }>('automations/publish', {
    body: { workflow_id: input.workflowId },
  })
  if (error || !data) return functionError(error, 'Could not publish the automation.')
  revalidatePath(listPath(input.storeId))
  return { ok: true, data: { version: data.version } }
}

/** Replays the last conversations through the graph on screen; nothing is written or sent. */
export async function dryRunWorkflow(input: {
  storeId: string
  workflowId: string
  graph: unknown
  limit: number
}): Promise<AutomationResult<DryRunReport>> {
  if (!ids.safeParse(input).success) return bad
  const limit = Math.min(200, Math.max(1, Math.trunc(Number(input.limit) || 20)))
  const supabase = await createClient()
  const { data, error } = await supabase.functions.invoke<DryRunReport>('automations/dry-run', {
    body: { workflow_id: input.workflowId, graph: input.graph, limit },
  })
  if (error || !data) return functionError(error, 'Could not try the automation.')
  return { ok: true, data }
}

const runInput = z.object({ storeId: z.uuid(), runId: z.uuid() })

/** Runs a run's failed action again (owners and admins; the database checks). */
export async function retryRunStep(storeId: string, runId: string): Promise<AutomationResult> {
  if (!runInput.safeParse({ storeId, runId }).success) return bad
  const supabase = await createClient()
  const { error } = await supabase.rpc('retry_workflow_step', { p_run_id: runId })
  if (error) return { ok: false, error: describeError(error, 'Could not retry the step.') }
  return { ok: true, data: undefined }
}

/** Runs the workflow's latest version again for the event that started this run. */
export async function rerunRun(storeId: string, runId: string): Promise<AutomationResult> {
  if (!runInput.safeParse({ storeId, runId }).success) return bad
  const supabase = await createClient()
  const { error } = await supabase.rpc('rerun_workflow_run', { p_run_id: runId })
  if (error) return { ok: false, error: describeError(error, 'Could not re-run the automation.') }
  return { ok: true, data: undefined }
}
