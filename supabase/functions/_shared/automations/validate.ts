// Checks a workflow graph before it can be published, and says what is wrong on the node (or edge) it is
// about, in words a store admin can act on. The builder shows these as the graph is edited; publishing
// refuses a graph with any error. Warnings never block.
import type { z } from 'zod'
import type { NodeDefinition, Port } from './define.ts'
import { Graph, type GraphNode, portOf } from './graph.ts'
import { nodeType } from './registry.ts'
import { placeholders } from './template.ts'

export interface Issue {
  severity: 'error' | 'warning'
  code:
    | 'invalid_graph'
    | 'unknown_type'
    | 'invalid_config'
    | 'trigger_count'
    | 'trigger_has_input'
    | 'unwired_port'
    | 'port_wired_twice'
    | 'dangling_edge'
    | 'unreachable'
    | 'cycle'
    | 'missing_connection'
    | 'retriggers_itself'
    | 'needs_conversation'
    | 'newer_version'
    | 'older_version'
    | 'unknown_variable'
  message: string
  nodeId?: string
  edgeId?: string
  /** The config field the issue is about, as a path ('when.rules.0.value'). */
  field?: string
}

export interface ValidateOptions {
  /** Connections the store has (e.g. 'chatwoot'); omitted: not checked (the builder may not know yet). */
  connections?: readonly string[]
}

/** A node whose type is known and whose config parsed, with its ports. */
export interface CheckedNode {
  node: GraphNode
  definition: NodeDefinition
  config: Record<string, unknown>
  ports: Port[]
}

export interface Validation {
  ok: boolean
  issues: Issue[]
  /** The graph as parsed (defaults filled in), when it had the right shape. */
  graph?: Graph
  nodes: Map<string, CheckedNode>
  trigger?: CheckedNode
}

const VARIABLE_ROOTS = new Set(['store', 'session', 'message', 'contact', 'event', 'steps'])

function zodIssues(error: z.ZodError, base: Omit<Issue, 'message' | 'field'>): Issue[] {
  return error.issues.map((i) => ({ ...base, message: i.message, field: i.path.join('.') || undefined }))
}

function portsOf(definition: NodeDefinition, config: Record<string, unknown>): Port[] {
  try {
    return definition.ports(config)
  } catch {
    const defaults = definition.config.safeParse({})
    return defaults.success ? definition.ports(defaults.data) : []
  }
}

const titleOf = (c: CheckedNode | undefined, id: string) => c?.node.data.label || c?.definition.title || id

export function validateGraph(input: unknown, options: ValidateOptions = {}): Validation {
  const parsed = Graph.safeParse(input)
  const nodes = new Map<string, CheckedNode>()
  if (!parsed.success)
    return { ok: false, issues: zodIssues(parsed.error, { severity: 'error', code: 'invalid_graph' }), nodes }
  const graph = parsed.data
  const issues: Issue[] = []

  // Node types and their configs.
  const seen = new Set<string>()
  for (const node of graph.nodes) {
    if (seen.has(node.id)) {
      issues.push({
        severity: 'error',
        code: 'invalid_graph',
        nodeId: node.id,
        message: `Two steps share the id ${node.id}.`,
      })
      continue
    }
    seen.add(node.id)
    const definition = nodeType(node.type)
    if (!definition) {
      issues.push({
        severity: 'error',
        code: 'unknown_type',
        nodeId: node.id,
        message: `Parley has no "${node.type}" step.`,
      })
      continue
    }
    const version = node.data.version ?? definition.version
    if (version > definition.version)
      issues.push({
        severity: 'error',
        code: 'newer_version',
        nodeId: node.id,
        message: `This step was made with a newer version of "${definition.title}" than this Parley has.`,
      })
    else if (version < definition.version)
      issues.push({
        severity: 'warning',
        code: 'older_version',
        nodeId: node.id,
        message: `"${definition.title}" has changed since this step was made: check its settings.`,
      })
    const config = definition.config.safeParse(node.data.config)
    if (!config.success)
      issues.push(...zodIssues(config.error, { severity: 'error', code: 'invalid_config', nodeId: node.id }))
    // A step whose settings are not finished still has its exits, so its wiring is checked too.
    const settings = (config.success ? config.data : node.data.config) as Record<string, unknown>
    nodes.set(node.id, { node, definition, config: settings, ports: portsOf(definition, settings) })
  }

  // One trigger.
  const triggers = [...nodes.values()].filter((c) => c.definition.kind === 'trigger')
  if (triggers.length === 0)
    issues.push({
      severity: 'error',
      code: 'trigger_count',
      message: 'Add a trigger: what starts this workflow.',
    })
  for (const extra of triggers.slice(1))
    issues.push({
      severity: 'error',
      code: 'trigger_count',
      nodeId: extra.node.id,
      message: 'A workflow has one trigger; make another workflow for this one.',
    })
  const trigger = triggers[0]

  // Edges: from a port that exists, to a step that exists, one per port; triggers take none.
  const next = new Map<string, Map<string, string>>() // node -> port -> target
  for (const edge of graph.edges) {
    const source = nodes.get(edge.source)
    const target = nodes.get(edge.target)
    if (!seen.has(edge.source) || !seen.has(edge.target)) {
      issues.push({
        severity: 'error',
        code: 'dangling_edge',
        edgeId: edge.id,
        message: 'This connection points at a step that is gone.',
      })
      continue
    }
    if (!source || !target) continue // the node's own issue says why
    const port = portOf(edge)
    if (!source.ports.some((p) => p.id === port)) {
      issues.push({
        severity: 'error',
        code: 'dangling_edge',
        edgeId: edge.id,
        nodeId: source.node.id,
        message: `"${titleOf(source, source.node.id)}" has no "${port}" exit.`,
      })
      continue
    }
    if (target.definition.kind === 'trigger') {
      issues.push({
        severity: 'error',
        code: 'trigger_has_input',
        edgeId: edge.id,
        nodeId: target.node.id,
        message: 'Nothing leads into a trigger: it is where the workflow starts.',
      })
      continue
    }
    const ports = next.get(source.node.id) ?? new Map<string, string>()
    if (ports.has(port)) {
      issues.push({
        severity: 'error',
        code: 'port_wired_twice',
        edgeId: edge.id,
        nodeId: source.node.id,
        message: `The "${source.ports.find((p) => p.id === port)?.label}" exit leads to two steps: chain them one after the other.`,
      })
      continue
    }
    ports.set(port, target.node.id)
    next.set(source.node.id, ports)
  }

  // Every port wired or deliberately ended.
  for (const checked of nodes.values()) {
    for (const port of checked.ports) {
      const wired = next.get(checked.node.id)?.has(port.id)
      const ended = checked.node.data.ended.includes(port.id)
      if (!wired && !ended)
        issues.push({
          severity: 'error',
          code: 'unwired_port',
          nodeId: checked.node.id,
          message:
            checked.ports.length === 1
              ? 'Connect this step to the next one, or mark it as the end.'
              : `Connect the "${port.label}" exit, or mark it as the end.`,
        })
    }
  }

  // Reachable from the trigger, and no cycles.
  if (trigger) {
    const reached = new Set<string>()
    const visiting = new Set<string>()
    const cycles = new Set<string>()
    const walk = (id: string) => {
      if (visiting.has(id)) {
        cycles.add(id)
        return
      }
      if (reached.has(id)) return
      reached.add(id)
      visiting.add(id)
      for (const target of next.get(id)?.values() ?? []) walk(target)
      visiting.delete(id)
    }
    walk(trigger.node.id)
    for (const id of cycles)
      issues.push({
        severity: 'error',
        code: 'cycle',
        nodeId: id,
        message: 'This step leads back to itself: workflows run forward only (use a Wait to repeat later).',
      })
    for (const checked of nodes.values())
      if (!reached.has(checked.node.id))
        issues.push({
          severity: 'error',
          code: 'unreachable',
          nodeId: checked.node.id,
          message: 'This step is not connected to the trigger, so it would never run.',
        })

    // An action that can fire this workflow's own trigger needs a condition on every way to it.
    const unguarded = new Set<string>()
    const walkUnguarded = (id: string, path: Set<string>) => {
      if (path.has(id)) return
      const checked = nodes.get(id)
      if (!checked || checked.definition.kind === 'condition') return
      unguarded.add(id)
      path.add(id)
      for (const target of next.get(id)?.values() ?? []) walkUnguarded(target, path)
      path.delete(id)
    }
    walkUnguarded(trigger.node.id, new Set())
    for (const id of unguarded) {
      const checked = nodes.get(id) as CheckedNode
      const d = checked.definition
      if (d.kind === 'action' && d.retriggers?.includes(trigger.definition.id))
        issues.push({
          severity: 'error',
          code: 'retriggers_itself',
          nodeId: id,
          message: `"${d.title}" can start this workflow again ("${trigger.definition.title}"): put a condition before it so it cannot loop.`,
        })
    }
  }

  // What needs a conversation, connections, template variables.
  const scheduled = trigger?.definition.id === 'schedule'
  for (const checked of nodes.values()) {
    const d = checked.definition
    if (scheduled && d.kind === 'action' && d.needsSession !== false)
      issues.push({
        severity: 'error',
        code: 'needs_conversation',
        nodeId: checked.node.id,
        message: `"${d.title}" acts on a conversation, and a scheduled workflow has none.`,
      })
    if (scheduled && (d.id === 'wait-for-reply' || d.kind === 'split'))
      issues.push({
        severity: 'error',
        code: 'needs_conversation',
        nodeId: checked.node.id,
        message: `"${d.title}" works per conversation, and a scheduled workflow has none.`,
      })
    if (d.connection && options.connections && !options.connections.includes(d.connection.provider))
      issues.push({
        severity: 'error',
        code: 'missing_connection',
        nodeId: checked.node.id,
        message: `"${d.title}" needs ${d.connection.label}: connect it to this store first.`,
      })
    for (const [field, value] of Object.entries(checked.config)) {
      if (typeof value !== 'string') continue
      for (const path of placeholders(value)) {
        const [root, stepId] = path.split('.')
        if (!VARIABLE_ROOTS.has(root as string) || (root === 'steps' && stepId && !nodes.has(stepId)))
          issues.push({
            severity: 'warning',
            code: 'unknown_variable',
            nodeId: checked.node.id,
            field,
            message: `{{${path}}} is not a variable Parley knows: it will be left empty.`,
          })
      }
    }
  }

  return { ok: !issues.some((i) => i.severity === 'error'), issues, graph, nodes, trigger }
}

/** Issues grouped by node id, for the builder's badges ('' holds those about the whole graph). */
export function issuesByNode(issues: readonly Issue[]): Map<string, Issue[]> {
  const map = new Map<string, Issue[]>()
  for (const issue of issues) {
    const key = issue.nodeId ?? ''
    map.set(key, [...(map.get(key) ?? []), issue])
  }
  return map
}
