// A workflow's graph as the builder (React Flow) stores it in workflows.graph: nodes with a type (a node
// type id from the registry), a position and data (the node's config, the version of its type it was
// made with, which ports are deliberately left unconnected), and edges from a node's port (sourceHandle)
// to another node.
import { z } from 'zod'

export const NODE_ID = /^[A-Za-z0-9_-]{1,64}$/

export const GraphNode = z
  .object({
    id: z.string().regex(NODE_ID, { error: 'Node ids are 1–64 letters, digits, - or _.' }),
    type: z.string().min(1).max(64),
    position: z.object({ x: z.number(), y: z.number() }).default({ x: 0, y: 0 }),
    data: z
      .object({
        config: z.record(z.string(), z.unknown()).default({}),
        /** The version of the node type this node was configured with. */
        version: z.number().int().min(1).optional(),
        label: z.string().max(120).optional(),
        /** Ports deliberately left unconnected: the workflow ends there. */
        ended: z.array(z.string()).default([]),
      })
      .loose()
      .default({ config: {}, ended: [] }),
  })
  .loose()
export type GraphNode = z.infer<typeof GraphNode>

export const GraphEdge = z
  .object({
    id: z.string().min(1).max(200),
    source: z.string(),
    /** The port; null or missing means the node's only port ('out'). */
    sourceHandle: z.string().nullish(),
    target: z.string(),
    targetHandle: z.string().nullish(),
  })
  .loose()
export type GraphEdge = z.infer<typeof GraphEdge>

export const Graph = z.object({
  nodes: z.array(GraphNode).max(200, { error: 'A workflow has at most 200 steps.' }),
  edges: z.array(GraphEdge).max(400),
})
export type Graph = z.infer<typeof Graph>

export const portOf = (edge: GraphEdge) => edge.sourceHandle || 'out'

/** A step for `buildGraph`: its id, node type, config and the ports where the workflow deliberately ends. */
export type StepSpec = [id: string, type: string, config?: Record<string, unknown>, ended?: string[]]
/** An edge for `buildGraph`: from a step's port (default 'out') to another step. */
export type LinkSpec = [source: string, target: string, port?: string]

/**
 * A graph written in code (templates, tests), laid out top to bottom with the steps named in `columns`
 * moved to the right, so it opens readable in the builder.
 */
export function buildGraph(
  steps: StepSpec[],
  links: LinkSpec[],
  columns: Record<string, number> = {},
): Graph {
  return {
    nodes: steps.map(([id, type, config = {}, ended = []], row) => ({
      id,
      type,
      position: { x: 280 * (columns[id] ?? 0), y: 140 * row },
      data: { config, ended },
    })),
    edges: links.map(([source, target, port]) => ({
      id: `${source}-${port ?? 'out'}-${target}`,
      source,
      sourceHandle: port ?? 'out',
      target,
    })),
  }
}
