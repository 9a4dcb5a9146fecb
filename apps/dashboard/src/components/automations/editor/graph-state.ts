import type { Graph } from '@parley/supabase/automations'
import type { Edge, Node } from '@xyflow/react'

/** A step's data as the graph stores it (graph.ts): its config, type version, label and ended ports. */
export type StepData = {
  config: Record<string, unknown>
  version?: number
  label?: string
  ended: string[]
}
/** A canvas node: its React Flow `type` is the node type id, so the graph needs no conversion. */
export type StepNodeType = Node<StepData, string>

export interface FlowGraph {
  nodes: StepNodeType[]
  edges: Edge[]
}

export const toFlow = (graph: Graph): FlowGraph => ({
  nodes: graph.nodes.map((n) => ({
    id: n.id,
    type: n.type,
    position: n.position,
    data: { ...n.data, config: n.data.config ?? {}, ended: n.data.ended ?? [] } as StepData,
  })),
  edges: graph.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    sourceHandle: e.sourceHandle ?? 'out',
  })),
})

/** The graph to store: only what graph.ts defines (no selection, sizes or drag state). */
export const toGraph = (flow: FlowGraph): Graph => ({
  nodes: flow.nodes.map((n) => ({
    id: n.id,
    type: n.type ?? '',
    position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
    data: {
      config: n.data.config,
      ...(n.data.version ? { version: n.data.version } : {}),
      ...(n.data.label ? { label: n.data.label } : {}),
      ended: n.data.ended,
    },
  })),
  edges: flow.edges.map((e) => ({
    id: e.id,
    source: e.source,
    sourceHandle: e.sourceHandle ?? 'out',
    target: e.target,
  })),
})
