// Workflows as files: export to a versioned JSON format without secrets, and import with validation.
//   { "format": "parley.workflow", "version": 1, "exported_at": "...", "workflow": { "name", "description", "graph" } }
// An import whose file is not this format (or a later version) is refused with the reasons; one whose
// graph has problems comes in as a draft with those problems listed (the builder shows them on the steps).
import { z } from 'zod'
import { Graph } from './graph.ts'
import { nodeType } from './registry.ts'
import { type Issue, validateGraph } from './validate.ts'

export const EXCHANGE_FORMAT = 'parley.workflow'
export const EXCHANGE_VERSION = 1

export const WorkflowFile = z.object({
  format: z.literal(EXCHANGE_FORMAT, {
    error: `This is not a Parley workflow file (format "${EXCHANGE_FORMAT}").`,
  }),
  version: z.number().int().min(1).max(EXCHANGE_VERSION, {
    error: 'This file was exported by a newer Parley: update before importing it.',
  }),
  exported_at: z.string().optional(),
  workflow: z.object({
    name: z.string().trim().min(1, { error: 'The workflow needs a name.' }).max(120),
    description: z.string().max(2000).default(''),
    graph: Graph,
  }),
})
export type WorkflowFile = z.infer<typeof WorkflowFile>

export interface ExportInput {
  name: string
  description?: string
  graph: Graph
}

/** The file for a workflow: secret config fields (webhook headers, ...) are emptied. */
export function exportWorkflow(workflow: ExportInput, now = new Date()): WorkflowFile {
  return {
    format: EXCHANGE_FORMAT,
    version: EXCHANGE_VERSION,
    exported_at: now.toISOString(),
    workflow: {
      name: workflow.name,
      description: workflow.description ?? '',
      graph: {
        nodes: workflow.graph.nodes.map((node) => {
          const secrets = nodeType(node.type)?.secretFields ?? []
          if (!secrets.length) return node
          const config = { ...node.data.config }
          for (const field of secrets) if (field in config) delete config[field]
          return { ...node, data: { ...node.data, config } }
        }),
        edges: workflow.graph.edges,
      },
    },
  }
}

export type ImportResult =
  | { ok: true; workflow: WorkflowFile['workflow']; issues: Issue[] }
  | { ok: false; errors: { path: string; message: string }[] }

/** Reads a workflow file (its text or parsed JSON). */
/** Node types that moved (files exported before still import): the webhook step became the Webhook app's. */
const RENAMED: Readonly<Record<string, string>> = { webhook: 'webhook-send' }

export function importWorkflow(file: unknown): ImportResult {
  let json = file
  if (typeof file === 'string') {
    try {
      json = JSON.parse(file)
    } catch {
      return { ok: false, errors: [{ path: '', message: 'The file is not JSON.' }] }
    }
  }
  const parsed = WorkflowFile.safeParse(json)
  if (!parsed.success)
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    }
  for (const node of parsed.data.workflow.graph.nodes) node.type = RENAMED[node.type] ?? node.type
  const unknown = parsed.data.workflow.graph.nodes.filter((n) => !nodeType(n.type))
  if (unknown.length)
    return {
      ok: false,
      errors: unknown.map((n) => ({
        path: `workflow.graph.nodes.${n.id}`,
        message: `Step "${n.id}" is a "${n.type}", which this Parley does not have.`,
      })),
    }
  return {
    ok: true,
    workflow: parsed.data.workflow,
    issues: validateGraph(parsed.data.workflow.graph).issues,
  }
}
