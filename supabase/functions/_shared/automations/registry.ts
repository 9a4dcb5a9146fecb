// The node types by id (registry.gen.ts lists them, written by `pnpm gen` from ./nodes/*/node.ts).
import type { NodeDefinition } from './define.ts'
import { nodes } from './registry.gen.ts'

export { nodes }
export const nodeTypes: ReadonlyMap<string, NodeDefinition> = new Map(nodes.map((n) => [n.id, n]))
export const nodeType = (id: string): NodeDefinition | undefined => nodeTypes.get(id)
