// The worker: turns due timers into events, claims events, matches business events to the triggers of
// the stores' published workflows (an in-memory index, rebuilt when a workflow is published, enabled or
// deleted), starts runs and advances them. Each advance is computed by engine.ts and written by ONE call
// of advance_workflow_run, which locks the run and refuses a stale computation; the worker then reloads
// and computes again. So two events for one run at once never double a step, a run stays on the version
// it started on, and one event starts at most one run per workflow (idempotency key `event:<id>`).
// Called by the `automations` function (the devstack scheduler on pg_notify('automations') and every 5 s,
// pg_cron + pg_net when hosted).
import type { SupabaseClient } from '@supabase/supabase-js'
import type { CompiledWorkflow } from './compile.ts'
import type { TriggerNode } from './define.ts'
import { type Advance, advance, type RunState, type Signal } from './engine.ts'
import type { AutomationEvent, EventType } from './events.ts'
import type { Facts } from './facts.ts'
import { nextFire } from './nodes/schedule/node.ts'
import { nodeType } from './registry.ts'

export interface PublishedWorkflow {
  workflow_id: string
  store_id: string
  version: number
  published_at: string
  time_zone: string
  compiled: CompiledWorkflow
}

interface Candidate {
  workflow: PublishedWorkflow
  trigger: TriggerNode
  config: unknown
  /** published_at in ms: events from before it never start this version. */
  since: number
}

/** Published workflows by store and event type: what one event is matched against. */
export class TriggerIndex {
  private readonly byStore = new Map<string, Map<string, Candidate[]>>()
  private readonly byWorkflow = new Map<string, Candidate>()
  readonly schedules: Candidate[] = []

  constructor(workflows: readonly PublishedWorkflow[]) {
    for (const workflow of workflows) {
      const trigger = nodeType(workflow.compiled.trigger.type)
      if (trigger?.kind !== 'trigger') continue
      const candidate = {
        workflow,
        trigger,
        config: workflow.compiled.trigger.config,
        since: Date.parse(workflow.published_at),
      }
      this.byWorkflow.set(workflow.workflow_id, candidate)
      if (trigger.id === 'schedule') this.schedules.push(candidate)
      const types = this.byStore.get(workflow.store_id) ?? new Map<string, Candidate[]>()
      this.byStore.set(workflow.store_id, types)
      for (const type of trigger.events) types.set(type, [...(types.get(type) ?? []), candidate])
    }
  }

  /** The workflows this business event starts (events older than a version do not start it). */
  match(event: AutomationEvent): Candidate[] {
    const candidates = this.byStore.get(event.store_id)?.get(event.type)
    if (!candidates) return []
    const at = Date.parse(event.created_at)
    const matched: Candidate[] = []
    for (const c of candidates)
      if (c.since <= at && c.trigger.match(c.config as never, event)) matched.push(c)
    return matched
  }

  workflow(id: string): Candidate | undefined {
    return this.byWorkflow.get(id)
  }
}

interface EventRow extends Omit<AutomationEvent, 'type'> {
  /** A business event type, or a worker one: run.job_done, run.job_failed, run.timer, trigger.deferred. */
  type: string
  run_id: string | null
  workflow_id: string | null
  rerun_of: string | null
}

interface RunRow extends RunState {
  id: string
  store_id: string
  workflow_id: string
  workflow_version: number
  session_id: string | null
  contact_id: string | null
}

export interface WorkerOptions {
  db: SupabaseClient
  now?: () => Date
  random?: () => number
  /** Stop claiming after this long (the scheduler calls again). Default 20 s. */
  budgetMs?: number
  /** Events claimed at once. Default 200. */
  batch?: number
  /** Events of different runs and conversations handled at once. Default 16. */
  concurrency?: number
  log?: (message: string, error?: unknown) => void
  /**
   * Called after a round that enqueued action jobs: the function runs them at once (the outbox
   * dispatcher, in-process) instead of leaving them to the next outbox call.
   */
  onJobs?: () => Promise<unknown>
}

export type WorkCounts = Record<
  'events' | 'started' | 'advanced' | 'deferred' | 'skipped' | 'ticks' | 'jobs',
  number
>

// Warm state of one worker process: the index (by generation) and compiled versions (immutable).
let cachedIndex: { generation: number; index: TriggerIndex } | undefined
const versions = new Map<string, CompiledWorkflow>()

export async function work(options: WorkerOptions): Promise<WorkCounts> {
  const { db } = options
  const now = options.now ?? (() => new Date())
  const random = options.random ?? Math.random
  const log = options.log ?? ((m: string, e?: unknown) => console.error(`[automations] ${m}`, e ?? ''))
  const deadline = Date.now() + (options.budgetMs ?? 20_000)
  const counts: WorkCounts = {
    events: 0,
    started: 0,
    advanced: 0,
    deferred: 0,
    skipped: 0,
    ticks: 0,
    jobs: 0,
  }

  async function rpc<T>(name: string, args: Record<string, unknown> = {}): Promise<T> {
    const { data, error } = await db.rpc(name, args)
    if (error) throw new Error(`${name}: ${error.message}`)
    return data as T
  }

  async function index(generation: number): Promise<TriggerIndex> {
    if (cachedIndex?.generation !== generation) {
      const rows = await rpc<PublishedWorkflow[]>('published_workflows')
      cachedIndex = { generation, index: new TriggerIndex(rows) }
      for (const row of rows) versions.set(`${row.workflow_id}:${row.version}`, row.compiled)
    }
    return cachedIndex.index
  }

  async function compiledVersion(workflowId: string, version: number): Promise<CompiledWorkflow | null> {
    const key = `${workflowId}:${version}`
    const cached = versions.get(key)
    if (cached) return cached
    const { data, error } = await db
      .from('workflow_versions')
      .select('compiled')
      .eq('workflow_id', workflowId)
      .eq('version', version)
      .maybeSingle()
    if (error) throw new Error(`reading workflow version: ${error.message}`)
    if (!data) return null
    versions.set(key, data.compiled as CompiledWorkflow)
    return data.compiled as CompiledWorkflow
  }

  async function factsFor(
    storeId: string,
    sessionId: string | null,
    contactId: string | null,
    runId: string | null,
    event?: AutomationEvent,
  ): Promise<Facts> {
    const loaded = await rpc<Omit<Facts, 'now'> & { event: AutomationEvent | null }>('automation_facts', {
      p_store_id: storeId,
      p_session_id: sessionId,
      p_contact_id: contactId,
      p_run_id: runId,
    })
    const triggerEvent = event ?? loaded.event
    if (!triggerEvent) throw new Error(`run ${runId} has no trigger event`)
    return { ...loaded, event: triggerEvent, now: now() }
  }

  async function assignments(compiled: CompiledWorkflow, workflowId: string, sessionId: string | null) {
    if (!sessionId || !Object.values(compiled.nodes).some((n) => n.kind === 'split')) return {}
    const { data, error } = await db
      .from('workflow_split_assignments')
      .select('node_id, branch')
      .eq('workflow_id', workflowId)
      .eq('session_id', sessionId)
    if (error) throw new Error(`reading split assignments: ${error.message}`)
    return Object.fromEntries((data ?? []).map((a) => [a.node_id, a.branch]))
  }

  const persist = (runId: string, result: Advance, extra: Record<string, unknown>) =>
    rpc<{ outcome: string; reason?: string }>('advance_workflow_run', {
      p: {
        run_id: runId,
        snapshot: result.snapshot,
        status: result.status,
        current_step: result.current_step,
        steps_taken: result.steps_taken,
        awaiting: result.awaiting,
        wake_at: result.wake_at,
        error: result.error,
        steps: result.steps,
        jobs: result.jobs,
        timers: result.timers,
        cancel_timers: result.cancel_timers,
        splits: result.splits,
        ...extra,
      },
    })

  async function start(candidate: Candidate, event: EventRow, origin: AutomationEvent) {
    const { workflow } = candidate
    const facts = await factsFor(workflow.store_id, origin.session_id, origin.contact_id, null, origin)
    const result = advance(workflow.compiled, null, { type: 'start' }, facts, {
      now: facts.now,
      random,
      assignments: await assignments(workflow.compiled, workflow.workflow_id, origin.session_id),
    })
    if (!result) return
    const outcome = await persist(crypto.randomUUID(), result, {
      create: {
        store_id: workflow.store_id,
        workflow_id: workflow.workflow_id,
        version: workflow.version,
        session_id: origin.session_id,
        contact_id: origin.contact_id,
        // the business event (not a deferred trigger's wrapper): what later steps read as {{event.*}}
        event_id: origin.id,
        idempotency_key: `event:${origin.id}`,
        rerun_of: event.rerun_of,
      },
    })
    // 'duplicate' (this event already started it) and 'capped' (the loop guard) start nothing.
    if (outcome.outcome === 'ok') {
      counts.started++
      counts.jobs += result.jobs.length
    } else counts.skipped++
  }

  /** Applies a signal to a run; recomputes from the run as it is when another advance got there first. */
  async function signal(runId: string, sig: Signal) {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const { data: run, error } = await db
        .from('workflow_runs')
        .select(
          'id, store_id, workflow_id, workflow_version, session_id, contact_id, snapshot, current_step, steps_taken, status',
        )
        .eq('id', runId)
        .maybeSingle()
      if (error) throw new Error(`reading run ${runId}: ${error.message}`)
      if (!run) return
      const row = run as RunRow
      const compiled = await compiledVersion(row.workflow_id, row.workflow_version)
      if (!compiled) return
      const facts = await factsFor(row.store_id, row.session_id, row.contact_id, row.id)
      const result = advance(compiled, row, sig, facts, {
        now: facts.now,
        random,
        assignments: await assignments(compiled, row.workflow_id, row.session_id),
      })
      if (!result) return
      const outcome = await persist(row.id, result, { expected_step: row.current_step })
      if (outcome.outcome === 'ok') {
        counts.advanced++
        counts.jobs += result.jobs.length
        return
      }
      if (outcome.outcome !== 'conflict') return
    }
    log(`run ${runId}: gave up advancing after repeated conflicts`)
  }

  async function handle(event: EventRow, found: TriggerIndex) {
    const payload = event.payload as Record<string, unknown>
    if (event.run_id) {
      const step = Number(payload.step)
      if (event.type === 'run.job_done')
        return signal(event.run_id, {
          type: 'job.done',
          step,
          output: (payload.output ?? {}) as Record<string, unknown>,
        })
      if (event.type === 'run.job_failed')
        return signal(event.run_id, { type: 'job.failed', step, error: String(payload.error) })
      if (event.type === 'run.timer') return signal(event.run_id, { type: 'timer', step })
      if (event.type === 'run.reply')
        return signal(event.run_id, { type: 'reply', step, message_id: Number(payload.message_id) })
      return
    }
    if (event.type === 'trigger.deferred') {
      // A deferred trigger's time came: start if it still holds.
      const candidate = event.workflow_id ? found.workflow(event.workflow_id) : undefined
      const origin = payload.event as AutomationEvent | undefined
      if (!candidate?.trigger.defer || !origin) return
      const facts = await factsFor(event.store_id, origin.session_id, origin.contact_id, null, origin)
      if (candidate.trigger.defer.stillTrue(candidate.config as never, origin, facts))
        return start(candidate, event, origin)
      counts.skipped++
      return
    }
    const business = event as AutomationEvent
    const candidates = event.workflow_id
      ? [found.workflow(event.workflow_id)].filter((c) => c !== undefined)
      : found.match(business)
    for (const candidate of candidates) {
      const defer = candidate.trigger.defer
      if (defer && !event.rerun_of) {
        // Counted from when it happened, as the dry run does: a worker that catches up checks at once.
        const due = new Date(Date.parse(event.created_at) + defer.seconds(candidate.config as never) * 1000)
        await rpc('defer_automation_trigger', {
          p_store_id: event.store_id,
          p_workflow_id: candidate.workflow.workflow_id,
          p_event: {
            type: 'trigger.deferred',
            session_id: event.session_id,
            contact_id: event.contact_id,
            payload: { event: strip(event) },
          },
          p_due_at: due.toISOString(),
        })
        counts.deferred++
      } else await start(candidate, event, business)
    }
  }

  /** Each published schedule's latest due fire time becomes one tick (missed older ones are skipped). */
  async function scheduleTicks(found: TriggerIndex) {
    if (!found.schedules.length) return
    const last = await rpc<{ workflow_id: string; fire_at: string }[]>('last_schedule_ticks', {
      p_workflow_ids: found.schedules.map((c) => c.workflow.workflow_id),
    })
    const lastBy = new Map(last.map((l) => [l.workflow_id, new Date(l.fire_at)]))
    for (const { workflow, config } of found.schedules) {
      const { cron, time_zone } = config as { cron: string; time_zone: string }
      let due: Date | null = null
      for (
        let next = nextFire(
          cron,
          time_zone || workflow.time_zone,
          lastBy.get(workflow.workflow_id) ?? new Date(workflow.published_at),
        );
        next && next <= now();
        next = nextFire(cron, time_zone || workflow.time_zone, next)
      )
        due = next
      if (
        due &&
        (await rpc<boolean>('emit_schedule_tick', {
          p_store_id: workflow.store_id,
          p_workflow_id: workflow.workflow_id,
          p_fire_at: due.toISOString(),
        }))
      )
        counts.ticks++
    }
  }

  // The jobs a round enqueued run beside the next rounds (one dispatch at a time, again if more came).
  let jobsRunning: Promise<void> | undefined
  let jobsAgain = false
  const runJobs = () => {
    if (!options.onJobs) return
    if (jobsRunning) {
      jobsAgain = true
      return
    }
    jobsRunning = (async () => {
      do {
        jobsAgain = false
        await options.onJobs?.().catch((error) => log('running the enqueued jobs failed:', error))
      } while (jobsAgain)
    })().finally(() => {
      jobsRunning = undefined
    })
  }

  const concurrency = options.concurrency ?? 16
  let first = true
  while (Date.now() < deadline) {
    const round = await rpc<{ generation: number; events: EventRow[] }>('automation_work', {
      p_limit: options.batch ?? 200,
    })
    const found = await index(Number(round.generation))
    if (first) await scheduleTicks(found)
    first = false
    const events = round.events
    if (!events.length) break
    const jobsBefore = counts.jobs
    counts.events += events.length
    // One lane per run or conversation, in event order; lanes side by side.
    const lanes = new Map<string, EventRow[]>()
    for (const event of events) {
      const lane = event.run_id ?? event.session_id ?? `event:${event.id}`
      lanes.set(lane, [...(lanes.get(lane) ?? []), event])
    }
    const queue = [...lanes.values()]
    const finished: number[] = []
    await Promise.all(
      Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
        for (let lane = queue.shift(); lane; lane = queue.shift())
          for (const event of lane) {
            try {
              await handle(event, found)
              finished.push(event.id)
            } catch (error) {
              // Left claimed: it is handled again when the lease runs out.
              log(`event ${event.id} (${event.type}) failed:`, error)
            }
          }
      }),
    )
    if (finished.length) await rpc('finish_automation_events', { p_ids: finished })
    if (counts.jobs > jobsBefore) runJobs()
  }
  while (jobsRunning) await jobsRunning
  return counts
}

/** The event as nodes see it (no worker columns). */
function strip(event: EventRow): AutomationEvent {
  return {
    id: event.id,
    store_id: event.store_id,
    type: event.type as EventType,
    session_id: event.session_id,
    contact_id: event.contact_id,
    payload: event.payload,
    created_at: event.created_at,
  }
}
