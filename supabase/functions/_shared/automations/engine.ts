// The pure step of a run: given a published version's compiled machine, where the run is (its persisted
// XState snapshot and step number), what happened (the start, a job's result, a due timer, a reply) and
// the facts, compute the next snapshot and what must be written with it: step-log rows, jobs, timers,
// split assignments. It reads no clock and no database (the caller passes `now` and the facts) and writes
// nothing: worker.ts persists the result in one transaction, dry-run.ts only reports it.
//
// Within one advance a run moves through triggers, conditions and splits at once, and stops at the first
// action (waits for its job) or wait (a timer), or at the end.
import { type AnyStateMachine, createMachine, initialTransition, transition } from 'xstate'
import { NO_SESSION } from './action-job.ts'
import type { CompiledWorkflow } from './compile.ts'
import { portEvent } from './compile.ts'
import type { NodeDefinition } from './define.ts'
import type { RunSignal } from './events.ts'
import type { Facts } from './facts.ts'
import { nodeType } from './registry.ts'

/** Loop guard: a run that takes more steps than this stops (failed, saying so). */
export const MAX_STEPS_PER_RUN = 100

export type RunStatus = 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled'

export interface StepRecord {
  seq: number
  node_id: string
  node_type: string
  kind: string
  status: 'running' | 'waiting' | 'succeeded' | 'failed' | 'skipped'
  port: string | null
  input: unknown
  output: unknown
  error: string | null
  started_at: string
  finished_at: string | null
}

export interface RunState {
  snapshot: unknown
  current_step: number
  steps_taken: number
  status: RunStatus
}

export type Signal = { type: 'start' } | RunSignal

export interface Advance {
  snapshot: unknown
  status: RunStatus
  current_step: number
  steps_taken: number
  awaiting: 'job' | 'timer' | 'reply' | null
  wake_at: string | null
  error: string | null
  steps: StepRecord[]
  jobs: { seq: number; node_id: string; topic: string; payload: Record<string, unknown> }[]
  timers: { seq: number; due_at: string; event: { type: 'run.timer'; payload: { step: number } } }[]
  /** Cancel the run's pending timers (a reply ended a wait early). */
  cancel_timers: boolean
  splits: { node_id: string; branch: string }[]
  /** The nodes entered, in order (the run log's path, and the dry run's). */
  path: string[]
  /** In a dry run: what each action would have done. */
  actions: { node_id: string; type: string; summary: string }[]
}

export interface AdvanceOptions {
  now: Date
  /** For A/B splits: a number in [0, 1). */
  random: () => number
  /** Branches this conversation already got, by split node id (sticky). */
  assignments?: Readonly<Record<string, string>>
  /** Actions report their dry-run behaviour and go on at once; no jobs. */
  dryRun?: boolean
}

const machines = new WeakMap<CompiledWorkflow, AnyStateMachine>()
function machineOf(compiled: CompiledWorkflow): AnyStateMachine {
  let machine = machines.get(compiled)
  if (!machine) {
    machine = createMachine(compiled.machine as never)
    machines.set(compiled, machine)
  }
  return machine
}

type Snapshot = ReturnType<typeof initialTransition<AnyStateMachine>>[0]

/** Null when the signal is stale (the run moved on, or it was already applied): nothing to write. */
export function advance(
  compiled: CompiledWorkflow,
  state: RunState | null,
  signal: Signal,
  facts: Facts,
  options: AdvanceOptions,
): Advance | null {
  const machine = machineOf(compiled)
  const now = options.now.toISOString()
  const out: Advance = {
    snapshot: null,
    status: 'running',
    current_step: state?.current_step ?? 0,
    steps_taken: state?.steps_taken ?? 0,
    awaiting: null,
    wake_at: null,
    error: null,
    steps: [],
    jobs: [],
    timers: [],
    cancel_timers: false,
    splits: [],
    path: [],
    actions: [],
  }
  const steps = { ...facts.steps }
  const stepFacts = (): Facts => ({ ...facts, steps })

  const nodeAt = (id: string) => {
    const node = compiled.nodes[id]
    const definition = node && nodeType(node.type)
    if (!node || !definition) throw new Error(`The workflow's step ${id} is of an unknown type`)
    return { node, definition }
  }

  const record = (id: string, definition: NodeDefinition, fields: Partial<StepRecord>) => {
    const existing = out.steps.find((s) => s.seq === (fields.seq ?? out.current_step))
    const row: StepRecord = {
      seq: out.current_step,
      node_id: id,
      node_type: definition.id,
      kind: definition.kind,
      status: 'succeeded',
      port: null,
      input: null,
      output: null,
      error: null,
      started_at: now,
      finished_at: now,
      ...existing,
      ...fields,
    }
    out.steps = [...out.steps.filter((s) => s.seq !== row.seq), row]
    if (row.status === 'succeeded' && row.output && typeof row.output === 'object')
      steps[id] = row.output as Record<string, unknown>
    return row
  }

  const fail = (error: string) => {
    out.status = 'failed'
    out.error = error
    out.awaiting = null
  }

  /** Runs the step just entered; the port to leave through, or null to stop here. */
  const enter = (id: string): string | null => {
    const { node, definition } = nodeAt(id)
    out.current_step += 1
    out.steps_taken += 1
    out.path.push(id)
    if (out.steps_taken > MAX_STEPS_PER_RUN) {
      record(id, definition, { status: 'failed', error: 'Stopped: too many steps' })
      fail(`Stopped after ${MAX_STEPS_PER_RUN} steps: the workflow may be looping`)
      return null
    }
    const config = node.config as never
    switch (definition.kind) {
      case 'trigger':
        record(id, definition, { port: 'out', output: { event: facts.event.type } })
        return 'out'
      case 'condition': {
        const port = definition.evaluate(config, stepFacts())
        record(id, definition, { port, output: { port } })
        return port
      }
      case 'split': {
        const ports = definition.ports(config).map((p) => p.id)
        const sticky = options.assignments?.[id]
        const branch = sticky && ports.includes(sticky) ? sticky : definition.choose(config, options.random())
        if (branch !== sticky) out.splits.push({ node_id: id, branch })
        record(id, definition, { port: branch, output: { branch } })
        return branch
      }
      case 'action': {
        if (definition.needsSession !== false && !facts.session) {
          record(id, definition, { status: 'failed', error: NO_SESSION })
          fail(`${definition.title}: ${NO_SESSION}`)
          return null
        }
        if (options.dryRun) {
          const result = definition.dryRun(config, stepFacts())
          out.actions.push({ node_id: id, type: definition.id, summary: result.summary })
          record(id, definition, { port: 'out', output: result.output ?? {}, input: { dry_run: true } })
          return 'out'
        }
        const job = definition.job(config, stepFacts())
        record(id, definition, { status: 'running', input: job.payload, finished_at: null })
        out.jobs.push({ seq: out.current_step, node_id: id, topic: job.topic, payload: job.payload })
        out.status = 'waiting'
        out.awaiting = 'job'
        return null
      }
      case 'delay': {
        const seconds = definition.seconds(config, stepFacts())
        const due = new Date(options.now.getTime() + seconds * 1000).toISOString()
        record(id, definition, { status: 'waiting', input: { seconds, until: due }, finished_at: null })
        out.timers.push({
          seq: out.current_step,
          due_at: due,
          event: { type: 'run.timer', payload: { step: out.current_step } },
        })
        out.status = 'waiting'
        out.awaiting = definition.replyPort ? 'reply' : 'timer'
        out.wake_at = due
        return null
      }
    }
  }

  const enterFrom = (actions: readonly { type: string; params?: unknown }[]): string | null => {
    const entered = actions.find((a) => a.type === 'node')
    return entered ? enter((entered.params as { id: string }).id) : null
  }

  let snapshot: Snapshot
  let port: string | null = null
  if (signal.type === 'start') {
    const [first, actions] = initialTransition(machine)
    snapshot = first
    port = enterFrom(actions)
  } else {
    if (!state || state.status === 'succeeded' || state.status === 'cancelled') return null
    if (signal.step !== state.current_step) return null
    snapshot = machine.resolveState(state.snapshot as never)
    const id = String(snapshot.value)
    const { definition } = nodeAt(id)
    const at = { seq: state.current_step }
    if (signal.type === 'job.done' || signal.type === 'job.failed') {
      if (definition.kind !== 'action') return null
      if (signal.type === 'job.failed') {
        record(id, definition, { ...at, status: 'failed', error: signal.error, finished_at: now })
        fail(`${definition.title} failed: ${signal.error}`)
      } else {
        record(id, definition, {
          ...at,
          status: 'succeeded',
          port: 'out',
          output: signal.output,
          finished_at: now,
        })
        port = 'out'
      }
    } else {
      if (definition.kind !== 'delay') return null
      if (signal.type === 'reply') {
        if (!definition.replyPort) return null
        record(id, definition, {
          ...at,
          status: 'succeeded',
          port: definition.replyPort,
          output: { replied: true, message_id: signal.message_id },
          finished_at: now,
        })
        out.cancel_timers = true
        port = definition.replyPort
      } else {
        const waited = definition.replyPort
          ? { replied: false }
          : { waited_seconds: definition.seconds(compiled.nodes[id]?.config as never, facts) }
        record(id, definition, {
          ...at,
          status: 'succeeded',
          port: definition.timeoutPort,
          output: waited,
          finished_at: now,
        })
        port = definition.timeoutPort
      }
    }
  }

  while (port !== null && out.status !== 'failed') {
    const [next, actions] = transition(machine, snapshot, { type: portEvent(port) })
    snapshot = next
    port = null
    if (next.status === 'done') {
      out.status = 'succeeded'
      out.awaiting = null
      break
    }
    port = enterFrom(actions)
  }
  out.snapshot = machine.getPersistedSnapshot(snapshot)
  return out
}
