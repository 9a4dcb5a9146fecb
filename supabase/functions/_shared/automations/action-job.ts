// What every automation action's job shares: the fields the engine adds to its payload (which run and
// step it belongs to, so its result finds its way back), the key that enqueues it once per step, and
// Parley's own database as the destination of actions that only change Parley's rows.
import { z } from 'zod'
import { defineDestination } from '../jobs/define.ts'

export const runFields = {
  store_id: z.uuid(),
  workflow_id: z.uuid(),
  run_id: z.uuid(),
  /** The step's sequence number in the run (workflow_run_steps.seq). */
  step: z.number().int().min(1),
  node_id: z.string(),
  session_id: z.uuid().nullable(),
  contact_id: z.uuid().nullable(),
}

/** One job per run step, ever: a step computed twice never acts twice. */
export const RUN_STEP_KEY = 'run:{run_id}:{step}'

/** A marker on what an automation wrote, so it never fires message triggers (and people see why). */
export const automationMark = (p: {
  workflow_id: string
  run_id: string
  step: number
  node_id: string
}) => ({
  automation: { workflow_id: p.workflow_id, run_id: p.run_id, step: p.step, node_id: p.node_id },
})

/** Parley's own database: failures are ours (retried), and there is no third party to protect. */
export const parleyDatabase = defineDestination({
  name: 'parley',
  label: 'Parley',
  breaker: () => ({ failureThreshold: 1_000_000, cooldownMs: 1000 }),
  classify: () => undefined,
})

/** Reads a conversation an action works on; a run without one cannot do conversation actions. */
export const NO_SESSION = 'This automation has no conversation to act on (it was started by a schedule)'
