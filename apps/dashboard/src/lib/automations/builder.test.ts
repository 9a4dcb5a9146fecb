import { templates, validateGraph } from '@parley/supabase/automations'
import { describe, expect, it } from 'vitest'
import { connectionProblem } from './connections.ts'
import { commit, redo, replace, startHistory, undo } from './history.ts'
import { defaultConfig, descriptions, newNodeId, palette, portsOf } from './node-types.ts'

const graph = {
  nodes: [
    { id: 't', type: 'message-received' },
    { id: 'c', type: 'condition' },
    { id: 'r', type: 'send-reply' },
    { id: 'h', type: 'handoff' },
  ],
  edges: [
    { source: 't', sourceHandle: 'out', target: 'c' },
    { source: 'c', sourceHandle: 'yes', target: 'r' },
  ],
}

describe('connections the canvas refuses', () => {
  it('accepts a link from a free exit to a later step', () => {
    expect(connectionProblem(graph, { source: 'c', sourceHandle: 'no', target: 'h' })).toBeNull()
  })
  it('refuses a second link from one exit, a link into a trigger, a self-link and a loop', () => {
    expect(connectionProblem(graph, { source: 't', sourceHandle: 'out', target: 'h' })).toMatch(/already/)
    expect(connectionProblem(graph, { source: 'r', target: 't' })).toMatch(/trigger/)
    expect(connectionProblem(graph, { source: 'h', target: 'h' })).toMatch(/itself/)
    expect(connectionProblem(graph, { source: 'r', target: 'c' })).toMatch(/loop/)
  })
})

describe('undo and redo', () => {
  it('steps back and forth through changes, and a new change drops what was undone', () => {
    let h = startHistory(1)
    h = commit(h, 2)
    h = commit(h, 3)
    h = replace(h, 4) // a drag in progress: no entry of its own
    h = undo(h)
    expect(h.present).toBe(2)
    h = redo(h)
    expect(h.present).toBe(4)
    h = undo(undo(h))
    expect(h.present).toBe(1)
    h = commit(h, 5)
    expect(h.future).toEqual([])
    expect(redo(h).present).toBe(5)
  })
})

describe('the node types as the builder sees them', () => {
  it('puts every registered node type in the palette, with a JSON Schema form', () => {
    const listed = palette.flatMap((g) => g.types.map((t) => t.id))
    expect(listed.sort()).toEqual([...descriptions.keys()].sort())
    for (const d of descriptions.values()) expect(d.configSchema).toMatchObject({ type: 'object' })
  })

  it('gives a new step its schema defaults, so only what is really missing is reported', () => {
    const wait = {
      id: 'w',
      type: 'wait',
      position: { x: 0, y: 0 },
      data: { config: defaultConfig('wait'), ended: [] },
    }
    const issues = validateGraph({ nodes: [wait], edges: [] }).issues.filter(
      (i) => i.code === 'invalid_config',
    )
    expect(issues).toEqual([])
    expect(portsOf({ type: 'ab-split', data: { config: defaultConfig('ab-split'), ended: [] } }).length).toBe(
      2,
    )
  })

  it('names new steps after their type without clashing', () => {
    expect(newNodeId({ nodes: [{ id: 'send-reply-1' }] as never }, 'send-reply')).toBe('send-reply-2')
  })

  it('opens every template without problems', () => {
    for (const t of templates)
      expect(validateGraph(t.graph).issues.filter((i) => i.severity === 'error')).toEqual([])
  })
})
