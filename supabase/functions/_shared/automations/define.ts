// One shape for every automation node type. A node type is one folder under ./nodes/<id>/ whose
// `node.ts` exports `default defineNode({...})`: what the builder shows (title, icon, the config form,
// generated from the zod schema and its `.meta()` hints), how it is wired (ports), and its pure runtime
// (a trigger's match, a condition's evaluate, an action's job payload and dry run, a wait's duration).
// Side effects live in a `<name>.job.ts` beside it, so the outbox runs them like every other job.
// `node.ts` imports nothing Deno-only: the dashboard renders forms and validates graphs with it.
// `pnpm gen` lists every folder in registry.gen.ts.
import { z } from 'zod'
import type { AutomationEvent, EventType } from './events.ts'
import type { Facts } from './facts.ts'

export type NodeKind = 'trigger' | 'condition' | 'action' | 'delay' | 'split'
export const NODE_KINDS: readonly NodeKind[] = ['trigger', 'condition', 'action', 'delay', 'split']

/** Where a node's edges leave it; the builder draws one handle per port. */
export interface Port {
  id: string
  label: string
}

export const OUT: Port = { id: 'out', label: 'Next' }

/**
 * Form hints the builder reads from a field's `.meta()` (zod 4 keeps them in `z.toJSONSchema`):
 * `title` and `description` label the field; `widget` picks a control beyond what the type implies.
 */
export type Widget =
  | 'text'
  | 'textarea'
  | 'template' // text with {{variables}} (the builder offers the variable list)
  | 'number'
  | 'duration'
  | 'select'
  | 'tags'
  | 'cron'
  | 'timezone'
  | 'url'
  | 'secret'
  | 'conditions' // an AND/OR group of rules (conditions.ts)
  | 'branches' // the A/B split's named percentages

export interface FieldHints {
  [hint: string]: unknown
  title?: string
  description?: string
  widget?: Widget
  placeholder?: string
  /** Ordering of the fields in the form. */
  order?: number
}

/** Attaches form hints to a schema field: `hint(z.string(), { title: 'Message', widget: 'template' })`. */
export const hint = <T extends z.ZodType>(schema: T, hints: FieldHints): T => schema.meta(hints) as T

export interface RetryPolicy {
  attempts: number
  backoff: { first: number; max: number }
}

/** A job an action asks for: the topic of a `*.job.ts` file and its payload (without run fields). */
export interface JobRequest {
  topic: string
  payload: Record<string, unknown>
}

/** What a dry run reports for one action: a sentence, and the output a real run would have given. */
export interface DryRunResult {
  summary: string
  output?: Record<string, unknown>
}

interface Common<Config extends z.ZodType> {
  /** Folder name and stable id, kebab-case: 'send-reply'. */
  id: string
  /** Bumped when the config changes incompatibly; a graph stores the version each node was made with. */
  version: number
  title: string
  description: string
  /** A lucide icon name, e.g. 'message-square'. */
  icon: string
  config: Config
  /** What a finished step records and later steps may read as {{steps.<node id>.<field>}}. */
  output: z.ZodType
  /** Ports a graph node of this type has (a split's depend on its config). */
  ports(config: z.infer<Config>): Port[]
  /** A connection the store must have set up (e.g. Chatwoot for notes); the validator checks it. */
  connection?: { provider: string; label: string }
  /** Config fields that may hold secrets (headers, tokens): export leaves their values out. */
  secretFields?: readonly string[]
}

export interface TriggerNode<Config extends z.ZodType = z.ZodType> extends Common<Config> {
  kind: 'trigger'
  /** The events it listens to: the index keys on these. */
  events: readonly EventType[]
  /** Whether this event fires it (pure, hot path: no allocation-heavy work). */
  match(config: z.infer<Config>, event: AutomationEvent): boolean
  /**
   * Fire only if still true after this many seconds ("nobody answered in 10 minutes"): the engine keeps a
   * timer and asks `stillTrue` with the facts as they are then.
   */
  defer?: {
    seconds(config: z.infer<Config>): number
    stillTrue(config: z.infer<Config>, event: AutomationEvent, facts: Facts): boolean
  }
}

export interface ConditionNode<Config extends z.ZodType = z.ZodType> extends Common<Config> {
  kind: 'condition'
  /** The port to leave through. */
  evaluate(config: z.infer<Config>, facts: Facts): string
}

export interface ActionNode<Config extends z.ZodType = z.ZodType> extends Common<Config> {
  kind: 'action'
  /** The job that does it; the engine adds store, run and step fields and waits for its result. */
  job(config: z.infer<Config>, facts: Facts): JobRequest
  /** What it would have done, without doing it (dry runs over past conversations). */
  dryRun(config: z.infer<Config>, facts: Facts): DryRunResult
  retry?: RetryPolicy
  /** How repeating it is kept harmless (documentation shown in the builder). */
  idempotency: string
  /** Trigger ids whose events this action can cause: the validator wants a condition in between. */
  retriggers?: readonly string[]
  /** Whether it needs a conversation (a schedule-started run has none). Default true. */
  needsSession?: boolean
}

export interface DelayNode<Config extends z.ZodType = z.ZodType> extends Common<Config> {
  kind: 'delay'
  /** Seconds to wait before leaving through `timeoutPort`. */
  seconds(config: z.infer<Config>, facts: Facts): number
  timeoutPort: string
  /** Leave early through this port when the visitor writes in the conversation. */
  replyPort?: string
}

export interface SplitNode<Config extends z.ZodType = z.ZodType> extends Common<Config> {
  kind: 'split'
  /** The branch for a roll in [0, 1): the engine keeps it per conversation (sticky). */
  choose(config: z.infer<Config>, roll: number): string
}

export type NodeDefinition<Config extends z.ZodType = z.ZodType> =
  | TriggerNode<Config>
  | ConditionNode<Config>
  | ActionNode<Config>
  | DelayNode<Config>
  | SplitNode<Config>

const NODE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/

/** Checks a definition where it is written, so a typo fails `pnpm gen` and the node's test. */
export function defineNode<C extends z.ZodType>(node: TriggerNode<C>): TriggerNode<C>
export function defineNode<C extends z.ZodType>(node: ConditionNode<C>): ConditionNode<C>
export function defineNode<C extends z.ZodType>(node: ActionNode<C>): ActionNode<C>
export function defineNode<C extends z.ZodType>(node: DelayNode<C>): DelayNode<C>
export function defineNode<C extends z.ZodType>(node: SplitNode<C>): SplitNode<C>
export function defineNode(node: NodeDefinition): NodeDefinition {
  const where = `node ${node.id}`
  if (!NODE_ID.test(node.id)) throw new Error(`${where}: an id is kebab-case, like send-reply`)
  if (!Number.isInteger(node.version) || node.version < 1) throw new Error(`${where}: version is 1 or more`)
  if (!(node.config instanceof z.ZodType)) throw new Error(`${where}: config is a zod schema`)
  const defaults = node.config.safeParse({})
  if (defaults.success) {
    const ports = node.ports(defaults.data)
    if (new Set(ports.map((p) => p.id)).size !== ports.length) throw new Error(`${where}: port ids repeat`)
  }
  if (node.kind === 'trigger' && node.events.length === 0) throw new Error(`${where}: a trigger needs events`)
  return node
}

/** What the builder needs to draw a palette and forms, as plain JSON (no functions, no zod). */
export function describeNode(node: NodeDefinition) {
  return {
    id: node.id,
    version: node.version,
    kind: node.kind,
    title: node.title,
    description: node.description,
    icon: node.icon,
    configSchema: z.toJSONSchema(node.config, { io: 'input', unrepresentable: 'any' }),
    outputSchema: z.toJSONSchema(node.output, { unrepresentable: 'any' }),
    connection: node.connection ?? null,
    ...(node.kind === 'action'
      ? { retry: node.retry ?? null, idempotency: node.idempotency, needsSession: node.needsSession ?? true }
      : {}),
    ...(node.kind === 'trigger' ? { events: node.events, deferred: Boolean(node.defer) } : {}),
  }
}
