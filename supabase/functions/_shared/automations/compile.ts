// Publishing compiles a valid graph to an XState 5 machine, stored with the version it publishes.
// One state per step; a step leaves through a port as the event `port.<id>` to the state its edge leads
// to, or to the final state `end` where the graph deliberately ends. The machine has no `after`,
// `invoke` or `spawn`: waits are timer rows and side effects are jobs, both made by the engine from the
// `node` entry action each state has, so a persisted snapshot holds everything a run needs.
// xstate/graph then checks the result: every step reachable, and every path able to reach the end.
import { createMachine, type MachineConfig } from 'xstate'
import { getAdjacencyMap } from 'xstate/graph'
import { portOf } from './graph.ts'
import { type Issue, type ValidateOptions, validateGraph } from './validate.ts'

export const FINAL = 'end'
export const COMPILED_FORMAT = 1

/** A step as the engine runs it: its type, the version of the type and its parsed config. */
export interface CompiledNode {
  type: string
  version: number
  kind: string
  config: Record<string, unknown>
}

export interface CompiledWorkflow {
  format: typeof COMPILED_FORMAT
  /** The XState machine config (JSON). */
  machine: MachineConfig<Record<string, never>, { type: string }>
  nodes: Record<string, CompiledNode>
  /** What the trigger index needs without building the machine. */
  trigger: { node: string; type: string; config: Record<string, unknown>; events: string[] }
}

export class CompileError extends Error {
  override name = 'CompileError'
  constructor(readonly issues: Issue[]) {
    super(
      issues
        .filter((i) => i.severity === 'error')
        .map((i) => i.message)
        .join(' ') || 'The workflow is not valid',
    )
  }
}

export const portEvent = (port: string) => `port.${port}`

export function compileGraph(graph: unknown, options: ValidateOptions = {}): CompiledWorkflow {
  const validation = validateGraph(graph, options)
  if (!validation.ok || !validation.graph || !validation.trigger) throw new CompileError(validation.issues)

  const states: Record<string, { entry?: unknown[]; on?: Record<string, string>; type?: 'final' }> = {}
  const nodes: Record<string, CompiledNode> = {}
  for (const [id, checked] of validation.nodes) {
    const on: Record<string, string> = {}
    for (const port of checked.ports) on[portEvent(port.id)] = FINAL // ended, unless an edge says where
    states[id] = { entry: [{ type: 'node', params: { id } }], on }
    nodes[id] = {
      type: checked.definition.id,
      version: checked.definition.version,
      kind: checked.definition.kind,
      config: checked.config,
    }
  }
  for (const edge of validation.graph.edges) {
    const state = states[edge.source]
    if (state?.on) state.on[portEvent(portOf(edge))] = edge.target
  }
  states[FINAL] = { type: 'final' }

  const trigger = validation.trigger
  const compiled: CompiledWorkflow = {
    format: COMPILED_FORMAT,
    machine: { id: 'workflow', initial: trigger.node.id, states } as CompiledWorkflow['machine'],
    nodes,
    trigger: {
      node: trigger.node.id,
      type: trigger.definition.id,
      config: trigger.config,
      events: trigger.definition.kind === 'trigger' ? [...trigger.definition.events] : [],
    },
  }
  const problems = checkMachine(compiled)
  if (problems.length) throw new CompileError(problems)
  return compiled
}

/** Every step reachable from the trigger and every path able to end, as xstate/graph walks the machine. */
export function checkMachine(compiled: CompiledWorkflow): Issue[] {
  const machine = createMachine(compiled.machine)
  const events = [
    ...new Set(
      Object.values(compiled.machine.states ?? {}).flatMap((s) =>
        Object.keys((s as { on?: object }).on ?? {}),
      ),
    ),
  ].map((type) => ({ type }))
  const adjacency = getAdjacencyMap(machine, { events })
  const stateOf = (key: string) => String((JSON.parse(key) as { value: unknown }).value)
  const edges = new Map<string, string[]>()
  for (const [key, entry] of Object.entries(adjacency))
    edges.set(
      stateOf(key),
      Object.values(entry.transitions).map((t) => String((t as { state: { value: unknown } }).state.value)),
    )
  const issues: Issue[] = []
  for (const id of Object.keys(compiled.nodes))
    if (!edges.has(id))
      issues.push({
        severity: 'error',
        code: 'unreachable',
        nodeId: id,
        message: 'This step can never be reached.',
      })
  // Backwards from the end: every state that can reach it.
  const ends = new Set([FINAL])
  for (let grew = true; grew; ) {
    grew = false
    for (const [state, targets] of edges)
      if (!ends.has(state) && targets.some((t) => ends.has(t))) {
        ends.add(state)
        grew = true
      }
  }
  for (const state of edges.keys())
    if (!ends.has(state))
      issues.push({
        severity: 'error',
        code: 'cycle',
        nodeId: state,
        message: 'From this step the workflow can never end.',
      })
  return issues
}
