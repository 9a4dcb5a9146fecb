// Which edges the canvas accepts while the admin drags one: the rules the validator would otherwise
// report after the fact (validate.ts), refused at the handle instead.
import { type GraphEdge, nodeType } from '@parley/supabase/automations'

export interface Proposed {
  source: string
  sourceHandle?: string | null
  target: string
}

interface GraphLike {
  nodes: readonly { id: string; type: string }[]
  edges: readonly Pick<GraphEdge, 'source' | 'sourceHandle' | 'target'>[]
}

/** Why this edge may not be drawn, or null when it may. */
export function connectionProblem(graph: GraphLike, edge: Proposed): string | null {
  if (edge.source === edge.target) return 'A step cannot lead to itself.'
  const target = graph.nodes.find((n) => n.id === edge.target)
  if (!target || !graph.nodes.some((n) => n.id === edge.source)) return 'Both ends must be steps.'
  if (nodeType(target.type)?.kind === 'trigger')
    return 'Nothing leads into a trigger: it starts the workflow.'
  const port = edge.sourceHandle || 'out'
  if (graph.edges.some((e) => e.source === edge.source && (e.sourceHandle || 'out') === port))
    return 'This exit already leads somewhere: remove that link first.'
  // A cycle: the target already reaches the source.
  const next = new Map<string, string[]>()
  for (const e of graph.edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target])
  const seen = new Set<string>()
  const stack = [edge.target]
  while (stack.length) {
    const id = stack.pop() as string
    if (id === edge.source) return 'That would make a loop: workflows run one way.'
    if (seen.has(id)) continue
    seen.add(id)
    stack.push(...(next.get(id) ?? []))
  }
  return null
}
