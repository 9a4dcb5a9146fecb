// Dry runs: stored events replayed with a simulated clock; waits fast-forwarded, a reply in time taking the
// "replied" way, deferred triggers checked at their time, actions only described.
import { describe, expect, it } from 'vitest'
import { compileGraph } from '../compile.ts'
import { dryRunWorkflow, type ReplayConversation } from '../dry-run.ts'
import type { AutomationEvent } from '../events.ts'
import { buildGraph } from '../graph.ts'
import { facts } from './fixtures.ts'

const store = facts().store
let id = 0
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute)).toISOString()
const e = (type: string, minute: number, payload: Record<string, unknown>) =>
  ({
    id: ++id,
    store_id: store.id,
    type,
    session_id: 's',
    contact_id: null,
    payload,
    created_at: at(minute),
  }) as AutomationEvent
const conversation = (events: AutomationEvent[], agent_replies: string[] = []): ReplayConversation => ({
  session_id: `s${++id}`,
  started_at: at(0),
  contact: { id: 'c', name: 'Mia', email: null, phone: null, attributes: {} },
  events,
  agent_replies,
})
const message = (minute: number, text: string) =>
  e('message.received', minute, { message_id: minute, text, attachments: 0 })

describe('dryRunWorkflow', () => {
  const askAndWait = compileGraph(
    buildGraph(
      [
        ['t', 'message-received', { keywords: ['refund'] }],
        ['ask', 'send-reply', { message: 'Order number, {{contact.name}}?' }],
        ['w', 'wait-for-reply', { amount: 10, unit: 'minutes' }],
        ['thanks', 'add-tags', { tags: ['answered'] }, ['out']],
        ['nudge', 'send-reply', { message: 'Still there?' }, ['out']],
      ],
      [
        ['t', 'ask'],
        ['ask', 'w'],
        ['w', 'thanks', 'replied'],
        ['w', 'nudge', 'timeout'],
      ],
    ),
  )

  it('takes the reply way when the visitor answered in time, the timeout way otherwise, and counts', () => {
    const report = dryRunWorkflow(askAndWait, store, [
      conversation([message(1, 'I want a refund'), message(4, 'It is #12345')]),
      conversation([message(1, 'refund please'), message(30, 'hello?')]),
      conversation([message(1, 'just browsing')]),
    ])
    expect(report.conversations.map((c) => c.runs.map((r) => r.path.join('>')))).toEqual([
      ['t>ask>w>thanks'],
      ['t>ask>w>nudge'],
      [],
    ])
    expect(report.conversations[0]?.runs[0]?.actions.map((a) => a.summary)).toEqual([
      'Reply: “Order number, Mia?”',
      'Tag the conversation: answered',
    ])
    expect(report.totals).toEqual({
      conversations: 3,
      triggered: 2,
      runs: 2,
      actions: { 'send-reply': 3, 'add-tags': 1 },
    })
  })

  it('checks a deferred trigger at its time, against the agent replies until then', () => {
    const nudge = compileGraph(
      buildGraph(
        [
          ['t', 'agent-no-reply', { minutes: 10 }],
          ['r', 'send-reply', { message: 'Sorry for the wait' }, ['out']],
        ],
        [['t', 'r']],
      ),
    )
    const waiting = [
      e('handoff.requested', 0, { by: 'visitor' }),
      e('message.awaiting_agent', 1, { message_id: 1 }),
    ]
    const report = dryRunWorkflow(nudge, store, [conversation(waiting), conversation(waiting, [at(5)])])
    expect(report.conversations.map((c) => c.triggered)).toEqual([true, false])
    // the handoff's clock, once: the line the visitor added meanwhile does not nudge a second time
    expect(report.conversations[0]?.runs.map((r) => r.started_at)).toEqual([at(10)])
  })
})
