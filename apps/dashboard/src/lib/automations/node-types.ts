// The builder's view of the node types: the generated registry (the same definitions the engine runs,
// imported from @parley/supabase/automations, which is free of Deno-only code) described as JSON Schema
// with form hints, grouped for the palette. Nothing here knows a particular node type.
import {
  describeNode,
  type Graph,
  type GraphNode,
  NODE_KINDS,
  type NodeKind,
  nodes,
  nodeType,
  type Port,
} from '@parley/supabase/automations'

export type NodeDescription = ReturnType<typeof describeNode>
export type JsonSchema = Record<string, unknown> & {
  type?: string | string[]
  title?: string
  description?: string
  widget?: string
  placeholder?: string
  order?: number
  default?: unknown
  enum?: unknown[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  anyOf?: JsonSchema[]
  additionalProperties?: JsonSchema | boolean
  minItems?: number
  maxItems?: number
  minimum?: number
  maximum?: number
}

export const descriptions: ReadonlyMap<string, NodeDescription> = new Map(
  nodes.map((n) => [n.id, describeNode(n)]),
)

export const kindLabel: Record<NodeKind, string> = {
  trigger: 'Triggers',
  condition: 'Conditions',
  action: 'Actions',
  delay: 'Waits',
  split: 'Splits',
}

/** Radix colours per kind, so a step's role reads at a glance on the canvas and in the palette. */
export const kindColor = {
  trigger: 'violet',
  condition: 'amber',
  action: 'blue',
  delay: 'cyan',
  split: 'pink',
} as const

export const palette: { kind: NodeKind; types: NodeDescription[] }[] = NODE_KINDS.map((kind) => ({
  kind,
  types: [...descriptions.values()].filter((d) => d.kind === kind),
}))

/** A new node's config: the defaults its schema declares (a required field stays empty, and says so). */
export function defaultConfig(typeId: string): Record<string, unknown> {
  const schema = descriptions.get(typeId)?.configSchema as JsonSchema | undefined
  const config: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(schema?.properties ?? {}))
    if (field.default !== undefined) config[key] = structuredClone(field.default)
  return config
}

/** A node's ports for its current config (a split's follow its branches); none for an unknown type. */
export function portsOf(node: Pick<GraphNode, 'type' | 'data'>): Port[] {
  const definition = nodeType(node.type)
  if (!definition) return []
  const parsed = definition.config.safeParse(node.data?.config ?? {})
  try {
    if (parsed.success) return definition.ports(parsed.data)
  } catch {
    // fall through to the defaults' ports
  }
  const defaults = definition.config.safeParse({})
  return defaults.success ? definition.ports(defaults.data) : [{ id: 'out', label: 'Next' }]
}

/** An id for a new step of this type that the graph does not use yet: 'send-reply-2'. */
export function newNodeId(graph: Pick<Graph, 'nodes'>, typeId: string): string {
  const taken = new Set(graph.nodes.map((n) => n.id))
  for (let i = 1; ; i += 1) {
    const id = `${typeId}-${i}`
    if (!taken.has(id)) return id
  }
}
