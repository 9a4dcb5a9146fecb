// @parley/supabase/automations: what the dashboard's builder imports (Deno-free modules only): the node
// types and their JSON descriptions, the graph format, the validator, the compiler, the templates and the
// import/export format. The engine (engine.ts, worker.ts) lives beside them for the edge function.

export * from './compile.ts'
export { FIELDS, Group, OPERATOR_LABELS, OPERATORS, operatorsFor, Rule, ruleType } from './conditions.ts'
export {
  describeNode,
  type FieldHints,
  NODE_KINDS,
  type NodeDefinition,
  type NodeKind,
  type Port,
  type Widget,
} from './define.ts'
export type { DryRunReport, DryRunRun } from './dry-run.ts'
export { EVENT_TYPES, type EventType } from './events.ts'
export * from './exchange.ts'
export { TEMPLATE_VARIABLES } from './facts.ts'
export * from './graph.ts'
export { nodes, nodeType, nodeTypes } from './registry.ts'
export { render } from './template.ts'
export * from './templates.ts'
export * from './validate.ts'
