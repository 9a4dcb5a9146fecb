// The validator (what the builder shows on the steps), the compiler and its xstate/graph check, the
// templates and the import/export format.

import { describe, expect, it } from 'vitest'
import { createMachine, initialTransition, transition } from 'xstate'
import { CompileError, compileGraph, FINAL, portEvent } from '../compile.ts'
import { EXCHANGE_FORMAT, exportWorkflow, importWorkflow } from '../exchange.ts'
import { buildGraph as graph } from '../graph.ts'
import { templates } from '../templates.ts'
import { validateGraph } from '../validate.ts'

const codes = (g: unknown, options = {}) =>
  validateGraph(g, options).issues.map((i) => `${i.nodeId ?? i.edgeId ?? '*'}:${i.code}`)

const escalation = graph(
  [
    ['t', 'sentiment-below', { threshold: -0.3 }],
    ['tag', 'add-tags', { tags: ['unhappy'] }],
    ['h', 'handoff', { priority: 'high' }, ['out']],
  ],
  [
    ['t', 'tag'],
    ['tag', 'h'],
  ],
)

describe('validateGraph', () => {
  it('accepts a wired graph', () => {
    expect(validateGraph(escalation)).toMatchObject({ ok: true, issues: [] })
  })

  it('wants exactly one trigger', () => {
    expect(codes(graph([['tag', 'add-tags', { tags: ['x'] }, ['out']]], []))).toContain('*:trigger_count')
    expect(
      codes(
        graph(
          [
            ['a', 'image-uploaded', {}, ['out']],
            ['b', 'conversation-started', {}, ['out']],
          ],
          [],
        ),
      ),
    ).toContain('b:trigger_count')
  })

  it('wants every port wired or explicitly ended, and each port wired once', () => {
    const g = graph(
      [
        ['t', 'conversation-started'],
        ['c', 'business-hours'],
        ['r', 'send-reply', { message: 'hi' }, ['out']],
      ],
      [
        ['t', 'c'],
        ['c', 'r', 'closed'],
      ],
    )
    expect(codes(g)).toEqual(['c:unwired_port'])
    const issue = validateGraph(g).issues[0]
    expect(issue?.message).toBe('Connect the "Open" exit, or mark it as the end.')
    g.nodes[1]?.data.ended.push('open')
    expect(codes(g)).toEqual([])
    g.edges.push({ id: 'again', source: 't', target: 'r', sourceHandle: 'out' })
    expect(codes(g)).toContain('t:port_wired_twice')
  })

  it('refuses cycles, unreachable steps, edges into the trigger and to nowhere', () => {
    const cycle = graph(
      [
        ['t', 'image-uploaded'],
        ['a', 'add-tags', { tags: ['x'] }],
        ['b', 'wait', {}],
      ],
      [
        ['t', 'a'],
        ['a', 'b'],
        ['b', 'a'],
      ],
    )
    expect(codes(cycle)).toContain('a:cycle')
    const lonely = graph(
      [
        ['t', 'image-uploaded', {}, ['out']],
        ['a', 'add-tags', { tags: ['x'] }, ['out']],
      ],
      [],
    )
    expect(codes(lonely)).toEqual(['a:unreachable'])
    const back = graph(
      [
        ['t', 'image-uploaded'],
        ['a', 'add-tags', { tags: ['x'] }],
      ],
      [
        ['t', 'a'],
        ['a', 't'],
      ],
    )
    expect(codes(back)).toContain('t:trigger_has_input')
    const gone = graph([['t', 'image-uploaded']], [['t', 'ghost']])
    expect(codes(gone)).toContain('t-out-ghost:dangling_edge')
  })

  it('reports config problems on the step and field', () => {
    const g = graph(
      [
        ['t', 'image-uploaded'],
        ['r', 'send-reply', {}, ['out']],
      ],
      [['t', 'r']],
    )
    expect(validateGraph(g)).toMatchObject({
      ok: false,
      issues: [
        {
          severity: 'error',
          code: 'invalid_config',
          nodeId: 'r',
          field: 'message',
          message: 'Write the message.',
        },
      ],
    })
    expect(codes(graph([['t', 'no-such-step']], []))).toContain('t:unknown_type')
  })

  it('refuses an action that re-triggers its own trigger unless a condition guards it', () => {
    const loop = graph(
      [
        ['t', 'lead-score-crossed', { threshold: 50 }],
        ['s', 'change-lead-score', { mode: 'add', amount: 10 }, ['out']],
      ],
      [['t', 's']],
    )
    expect(codes(loop)).toEqual(['s:retriggers_itself'])
    const guarded = graph(
      [
        ['t', 'lead-score-crossed', { threshold: 50 }],
        [
          'c',
          'condition',
          { when: { rules: [{ field: 'session.lead_score', operator: 'lt', value: 90 }] } },
          ['no'],
        ],
        ['s', 'change-lead-score', { mode: 'add', amount: 10 }, ['out']],
      ],
      [
        ['t', 'c'],
        ['c', 's', 'yes'],
      ],
    )
    expect(codes(guarded)).toEqual([])
  })

  it('checks connections the store has, and what a schedule cannot do', () => {
    const note = graph(
      [
        ['t', 'image-uploaded'],
        ['n', 'chatwoot-note', { note: 'x' }, ['out']],
      ],
      [['t', 'n']],
    )
    expect(codes(note, { connections: [] })).toEqual(['n:missing_connection'])
    expect(codes(note, { connections: ['chatwoot'] })).toEqual([])
    const scheduled = graph(
      [
        ['t', 'schedule'],
        ['r', 'send-reply', { message: 'x' }, ['out']],
      ],
      [['t', 'r']],
    )
    expect(codes(scheduled)).toEqual(['r:needs_conversation'])
  })

  it('warns (without blocking) about unknown variables and older step versions', () => {
    const g = graph(
      [
        ['t', 'image-uploaded'],
        ['r', 'send-reply', { message: 'Hi {{visitor.name}}' }, ['out']],
      ],
      [['t', 'r']],
    )
    const v = validateGraph(g)
    expect(v.ok).toBe(true)
    expect(v.issues).toMatchObject([
      { severity: 'warning', code: 'unknown_variable', nodeId: 'r', field: 'message' },
    ])
  })
})

describe('compileGraph', () => {
  it('makes one state per step with port events, ending in a final state, without delays or invocations', () => {
    const compiled = compileGraph(escalation)
    expect(compiled.machine).toEqual({
      id: 'workflow',
      initial: 't',
      states: {
        t: { entry: [{ type: 'node', params: { id: 't' } }], on: { 'port.out': 'tag' } },
        tag: { entry: [{ type: 'node', params: { id: 'tag' } }], on: { 'port.out': 'h' } },
        h: { entry: [{ type: 'node', params: { id: 'h' } }], on: { 'port.out': FINAL } },
        [FINAL]: { type: 'final' },
      },
    })
    expect(compiled.trigger).toEqual({
      node: 't',
      type: 'sentiment-below',
      config: { threshold: -0.3 },
      events: ['sentiment.changed'],
    })
    expect(compiled.nodes.h).toEqual({
      type: 'handoff',
      version: 1,
      kind: 'action',
      config: { team: '', priority: 'high', message: '' },
    })
    expect(JSON.stringify(compiled.machine)).not.toMatch(/"(after|invoke|spawn)"/)
  })

  it('runs with the pure transition() to the end', () => {
    const machine = createMachine(compileGraph(escalation).machine)
    let [snapshot] = initialTransition(machine)
    for (const _ of ['t', 'tag', 'h']) [snapshot] = transition(machine, snapshot, { type: portEvent('out') })
    expect(snapshot.status).toBe('done')
  })

  it('throws the validation issues for an invalid graph', () => {
    const broken = graph([['t', 'image-uploaded']], [])
    expect(() => compileGraph(broken)).toThrow(CompileError)
    try {
      compileGraph(broken)
    } catch (error) {
      expect((error as CompileError).issues.map((i) => i.code)).toEqual(['unwired_port'])
    }
  })
})

describe('templates', () => {
  it('has the five the product promises, each valid and compilable', () => {
    expect(templates.map((t) => t.id)).toEqual([
      'negative-sentiment-escalation',
      'high-value-lead-follow-up',
      'after-hours-reply',
      'unanswered-nudge',
      'return-request-with-photo',
    ])
    for (const template of templates) {
      expect(validateGraph(template.graph).issues, template.id).toEqual([])
      expect(() => compileGraph(template.graph)).not.toThrow()
    }
  })
})

describe('export and import', () => {
  const withSecret = graph(
    [
      ['t', 'image-uploaded'],
      [
        'w',
        'webhook-send',
        { url: 'https://example.com/h', headers: { Authorization: 'Bearer s3cret' } },
        ['out'],
      ],
    ],
    [['t', 'w']],
  )

  it('exports a versioned file without secrets, and imports it back', () => {
    const file = exportWorkflow({ name: 'Photos', graph: withSecret }, new Date('2026-12-01T00:00:00Z'))
    expect(file).toMatchObject({
      format: EXCHANGE_FORMAT,
      version: 1,
      exported_at: '2026-12-01T00:00:00.000Z',
    })
    expect(JSON.stringify(file)).not.toContain('s3cret')
    const back = importWorkflow(JSON.stringify(file))
    expect(back).toMatchObject({ ok: true, workflow: { name: 'Photos' }, issues: [] })
  })

  it('imports a file exported before the webhook step became the Webhook app’s', () => {
    const file = exportWorkflow({ name: 'Old', graph: withSecret })
    const old = JSON.parse(JSON.stringify(file).replace('"webhook-send"', '"webhook"'))
    const back = importWorkflow(old)
    expect(back).toMatchObject({ ok: true, issues: [] })
    expect(back.ok && back.workflow.graph.nodes.map((n) => n.type)).toEqual([
      'image-uploaded',
      'webhook-send',
    ])
  })

  it('refuses what is not a workflow file, with reasons', () => {
    expect(importWorkflow('{nope')).toEqual({
      ok: false,
      errors: [{ path: '', message: 'The file is not JSON.' }],
    })
    expect(importWorkflow({ format: 'other' })).toMatchObject({
      ok: false,
      errors: expect.arrayContaining([
        { path: 'format', message: expect.stringContaining('not a Parley workflow file') },
      ]),
    })
    const newer = { ...exportWorkflow({ name: 'X', graph: withSecret }), version: 2 }
    expect(importWorkflow(newer)).toMatchObject({
      ok: false,
      errors: [{ path: 'version', message: expect.stringContaining('newer Parley') }],
    })
    const alien = exportWorkflow({ name: 'X', graph: graph([['t', 'teleport']], []) })
    expect(importWorkflow(alien)).toMatchObject({
      ok: false,
      errors: [{ message: expect.stringContaining('"teleport"') }],
    })
  })

  it('imports a graph with problems as a draft, listing them', () => {
    const file = exportWorkflow({ name: 'Half done', graph: graph([['t', 'image-uploaded']], []) })
    expect(importWorkflow(file)).toMatchObject({ ok: true, issues: [{ nodeId: 't', code: 'unwired_port' }] })
  })
})
