// "Try on the last N conversations": replays a store's stored conversation events through a draft's
// machine with a simulated clock. Every action reports its dry-run behaviour instead of acting, waits are
// fast-forwarded (a wait for a reply ends at the visitor's next message if one came in time), deferred
// triggers are checked at their time against the conversation as it was then. It writes nothing and
// calls no third party: the result is only returned.
import type { SupabaseClient } from '@supabase/supabase-js'
import { allRows } from '../all-rows.ts'
import type { CompiledWorkflow } from './compile.ts'
import { type Advance, advance, type RunState } from './engine.ts'
import type { AutomationEvent } from './events.ts'
import type { ContactFacts, Facts, MessageFacts, SessionFacts, StoreFacts } from './facts.ts'
import { nodeType } from './registry.ts'

export interface ReplayConversation {
  session_id: string
  started_at: string
  contact: ContactFacts | null
  /** The conversation's automation events, oldest first. */
  events: AutomationEvent[]
  /** When agents answered the visitor (for "no agent reply" triggers). */
  agent_replies: string[]
}

export interface DryRunRun {
  started_at: string
  trigger_event: string
  path: string[]
  actions: { node_id: string; type: string; summary: string }[]
  status: 'succeeded' | 'failed' | 'waiting'
  error: string | null
}

export interface DryRunReport {
  conversations: { session_id: string; started_at: string; triggered: boolean; runs: DryRunRun[] }[]
  totals: { conversations: number; triggered: number; runs: number; actions: Record<string, number> }
}

const RUNS_PER_CONVERSATION = 20

interface Pending {
  at: number
  kind: 'timer' | 'deferred'
  /** The step a timer was set for (stale once the run moved on). */
  step?: number
  run?: { report: DryRunRun; state: RunState; facts: Facts; awaiting: Advance['awaiting']; step: number }
  event?: AutomationEvent
}

export function dryRunWorkflow(
  compiled: CompiledWorkflow,
  store: StoreFacts,
  conversations: readonly ReplayConversation[],
  options: { random?: () => number } = {},
): DryRunReport {
  const random = options.random ?? Math.random
  const trigger = nodeType(compiled.trigger.type)
  const report: DryRunReport = {
    conversations: [],
    totals: { conversations: conversations.length, triggered: 0, runs: 0, actions: {} },
  }
  if (trigger?.kind !== 'trigger') return report

  for (const conversation of conversations) {
    const session: SessionFacts = {
      id: conversation.session_id,
      status: 'bot',
      language: null,
      sentiment: null,
      lead_score: null,
      tags: [],
      attributes: {},
      started_at: conversation.started_at,
      last_agent_reply_at: null,
    }
    let message: MessageFacts | null = null
    const runs: DryRunRun[] = []
    const pending: Pending[] = []
    const assignments: Record<string, string> = {}
    const factsAt = (event: AutomationEvent, at: number, steps: Facts['steps'] = {}): Facts => {
      const replies = conversation.agent_replies.filter((r) => Date.parse(r) <= at).sort()
      return {
        event,
        store,
        session: { ...session, tags: [...session.tags], last_agent_reply_at: replies.at(-1) ?? null },
        message,
        contact: conversation.contact,
        steps,
        now: new Date(at),
      }
    }
    const apply = (run: NonNullable<Pending['run']>, result: Advance | null) => {
      if (!result) return
      run.report.path.push(...result.path)
      run.report.actions.push(...result.actions)
      for (const a of result.actions) report.totals.actions[a.type] = (report.totals.actions[a.type] ?? 0) + 1
      for (const split of result.splits) assignments[split.node_id] = split.branch
      run.state = {
        snapshot: result.snapshot,
        current_step: result.current_step,
        steps_taken: result.steps_taken,
        status: result.status,
      }
      run.awaiting = result.awaiting
      run.step = result.current_step
      run.report.status =
        result.status === 'succeeded' ? 'succeeded' : result.status === 'failed' ? 'failed' : 'waiting'
      run.report.error = result.error
      for (const step of result.steps)
        if (step.status === 'succeeded' && step.output && typeof step.output === 'object')
          run.facts.steps[step.node_id] = step.output as Record<string, unknown>
      if (result.wake_at)
        pending.push({ at: Date.parse(result.wake_at), kind: 'timer', run, step: result.current_step })
    }
    const start = (event: AutomationEvent, at: number) => {
      if (runs.length >= RUNS_PER_CONVERSATION) return
      const facts = factsAt(event, at)
      const result = advance(compiled, null, { type: 'start' }, facts, {
        now: new Date(at),
        random,
        dryRun: true,
        assignments,
      })
      if (!result) return
      const run = {
        report: {
          started_at: new Date(at).toISOString(),
          trigger_event: event.type,
          path: [],
          actions: [],
          status: 'waiting' as const,
          error: null,
        },
        state: { snapshot: null, current_step: 0, steps_taken: 0, status: 'running' as const },
        facts,
        awaiting: null,
        step: 0,
      }
      runs.push(run.report)
      apply(run, result)
    }
    const due = (until: number) => {
      pending.sort((a, b) => a.at - b.at)
      while (pending.length && (pending[0] as Pending).at <= until) {
        const next = pending.shift() as Pending
        if (next.kind === 'deferred' && next.event && trigger.defer) {
          if (
            trigger.defer.stillTrue(
              compiled.trigger.config as never,
              next.event,
              factsAt(next.event, next.at),
            )
          )
            start(next.event, next.at)
        } else if (
          next.run &&
          next.run.state.current_step === next.step &&
          next.run.report.status === 'waiting'
        ) {
          const facts = { ...factsAt(next.run.facts.event, next.at, next.run.facts.steps) }
          apply(
            next.run,
            advance(compiled, next.run.state, { type: 'timer', step: next.step as number }, facts, {
              now: new Date(next.at),
              random,
              dryRun: true,
              assignments,
            }),
          )
        }
      }
    }

    for (const event of conversation.events) {
      const at = Date.parse(event.created_at)
      due(at)
      const payload = event.payload as Record<string, unknown>
      switch (event.type) {
        case 'message.received':
          message = {
            id: Number(payload.message_id),
            text: String(payload.text ?? ''),
            intent: (payload.intent as string) ?? null,
            sentiment: (payload.sentiment as number) ?? null,
            language: (payload.language as string) ?? null,
          }
          session.language = message.language ?? session.language
          for (const run of runs.length ? pendingRepliers() : []) {
            const facts = factsAt(run.facts.event, at, run.facts.steps)
            apply(
              run,
              advance(compiled, run.state, { type: 'reply', step: run.step, message_id: message.id }, facts, {
                now: new Date(at),
                random,
                dryRun: true,
                assignments,
              }),
            )
          }
          break
        case 'sentiment.changed':
          session.sentiment = Number(payload.current)
          break
        case 'lead_score.changed':
          session.lead_score = Number(payload.current)
          break
        case 'handoff.requested':
          session.status = 'queued'
          break
        case 'conversation.resolved':
          session.status = 'resolved'
          break
      }
      if (trigger.events.includes(event.type) && trigger.match(compiled.trigger.config as never, event)) {
        if (trigger.defer)
          pending.push({
            at: at + trigger.defer.seconds(compiled.trigger.config as never) * 1000,
            kind: 'deferred',
            event,
          })
        else start(event, at)
      }
    }
    due(Number.POSITIVE_INFINITY) // fast-forward what is still waiting

    function pendingRepliers() {
      return pending
        .filter(
          (p) =>
            p.kind === 'timer' &&
            p.run?.awaiting === 'reply' &&
            p.run.report.status === 'waiting' &&
            p.run.state.current_step === p.step,
        )
        .map((p) => p.run as NonNullable<Pending['run']>)
    }

    if (runs.length) report.totals.triggered++
    report.totals.runs += runs.length
    report.conversations.push({
      session_id: conversation.session_id,
      started_at: conversation.started_at,
      triggered: runs.length > 0,
      runs,
    })
  }
  return report
}

/** The store's last `limit` conversations as the dry run replays them, read as the caller (RLS applies). */
export async function loadReplay(
  db: SupabaseClient,
  storeId: string,
  limit: number,
): Promise<{ store: StoreFacts; conversations: ReplayConversation[] }> {
  const fail = (what: string, error: { message: string } | null) => {
    if (error) throw new Error(`${what}: ${error.message}`)
  }
  const storeRow = await db
    .from('stores')
    .select('id, name, time_zone, business_hours, fallback_phone, fallback_email')
    .eq('id', storeId)
    .single()
  fail('reading the store', storeRow.error)
  const sessions = await db
    .from('chat_sessions')
    .select('id, started_at, contact_id, contacts(id, name, email, phone, custom_attributes)')
    .eq('store_id', storeId)
    .order('last_message_at', { ascending: false })
    .limit(limit)
  fail('reading conversations', sessions.error)
  const ids = (sessions.data ?? []).map((s) => s.id as string)
  const [events, replies] = await Promise.all([
    allRows((from, to) =>
      db
        .from('automation_events')
        .select('id, store_id, type, session_id, contact_id, payload, created_at')
        .eq('store_id', storeId)
        .in('session_id', ids)
        .is('run_id', null)
        .is('workflow_id', null)
        .order('id')
        .range(from, to),
    ),
    allRows((from, to) =>
      db
        .from('messages')
        .select('session_id, created_at')
        .eq('store_id', storeId)
        .in('session_id', ids)
        .eq('sender', 'agent')
        .eq('is_private', false)
        .order('id')
        .range(from, to),
    ),
  ])
  fail('reading conversation events', events.error)
  fail('reading agent replies', replies.error)
  const conversations = (sessions.data ?? []).map((s) => {
    const contact = (Array.isArray(s.contacts) ? s.contacts[0] : s.contacts) as {
      id: string
      name: string | null
      email: string | null
      phone: string | null
      custom_attributes: Record<string, unknown>
    } | null
    return {
      session_id: s.id as string,
      started_at: s.started_at as string,
      contact: contact && {
        id: contact.id,
        name: contact.name,
        email: contact.email,
        phone: contact.phone,
        attributes: contact.custom_attributes,
      },
      events: ((events.data ?? []) as AutomationEvent[]).filter((e) => e.session_id === s.id),
      agent_replies: (replies.data ?? [])
        .filter((r) => r.session_id === s.id)
        .map((r) => r.created_at as string),
    }
  })
  return { store: storeRow.data as unknown as StoreFacts, conversations }
}
