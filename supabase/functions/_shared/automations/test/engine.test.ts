// The pure step: from a start or a signal to the next snapshot and what must be written with it.
import { describe, expect, it } from 'vitest'
import { compileGraph } from '../compile.ts'
import { type Advance, advance, MAX_STEPS_PER_RUN, type RunState } from '../engine.ts'
import { buildGraph as graph } from '../graph.ts'
import { facts } from './fixtures.ts'

const now = new Date('2026-12-01T10:00:00.000Z')
const options = { now, random: () => 0.3 }
const stateOf = (a: Advance): RunState => ({
  snapshot: a.snapshot,
  current_step: a.current_step,
  steps_taken: a.steps_taken,
  status: a.status,
})

const flow = compileGraph(
  graph(
    [
      ['t', 'message-received'],
      [
        'c',
        'condition',
        { when: { rules: [{ field: 'session.lead_score', operator: 'gte', value: 30 }] } },
        ['no'],
      ],
      ['reply', 'send-reply', { message: 'Hi {{contact.name}}' }],
      ['wait', 'wait-for-reply', { amount: 10, unit: 'minutes' }],
      ['tag', 'add-tags', { tags: ['answered'] }, ['out']],
      ['nudge', 'send-reply', { message: 'Still there?' }, ['out']],
    ],
    [
      ['t', 'c'],
      ['c', 'reply', 'yes'],
      ['reply', 'wait'],
      ['wait', 'tag', 'replied'],
      ['wait', 'nudge', 'timeout'],
    ],
  ),
)

describe('advance', () => {
  it('starts: runs the trigger and condition at once and stops at the first action, asking for its job', () => {
    const a = advance(flow, null, { type: 'start' }, facts(), options) as Advance
    expect(a.path).toEqual(['t', 'c', 'reply'])
    expect(a).toMatchObject({ status: 'waiting', awaiting: 'job', current_step: 3, steps_taken: 3 })
    expect(a.steps.map((s) => [s.seq, s.node_id, s.status, s.port])).toEqual([
      [1, 't', 'succeeded', 'out'],
      [2, 'c', 'succeeded', 'yes'],
      [3, 'reply', 'running', null],
    ])
    expect(a.jobs).toEqual([
      { seq: 3, node_id: 'reply', topic: 'automations.send_reply', payload: { content: 'Hi Mia' } },
    ])
    expect(a.snapshot).toMatchObject({ value: 'reply', status: 'active' })
  })

  it('goes on when the job is done, waits on a timer row, and leaves through the timeout', () => {
    const started = advance(flow, null, { type: 'start' }, facts(), options) as Advance
    const afterJob = advance(
      flow,
      stateOf(started),
      { type: 'job.done', step: 3, output: { message_id: 9 } },
      facts(),
      options,
    ) as Advance
    expect(afterJob.steps.map((s) => [s.seq, s.node_id, s.status])).toEqual([
      [3, 'reply', 'succeeded'],
      [4, 'wait', 'waiting'],
    ])
    expect(afterJob).toMatchObject({
      status: 'waiting',
      awaiting: 'reply',
      wake_at: '2026-12-01T10:10:00.000Z',
    })
    expect(afterJob.timers).toEqual([
      { seq: 4, due_at: '2026-12-01T10:10:00.000Z', event: { type: 'run.timer', payload: { step: 4 } } },
    ])
    const later = { ...options, now: new Date('2026-12-01T10:10:00Z') }
    const timedOut = advance(flow, stateOf(afterJob), { type: 'timer', step: 4 }, facts(), later) as Advance
    expect(timedOut.path).toEqual(['nudge'])
    expect(timedOut.steps[0]).toMatchObject({ node_id: 'wait', port: 'timeout', output: { replied: false } })
  })

  it('a reply ends the wait early and cancels its timer', () => {
    const started = advance(flow, null, { type: 'start' }, facts(), options) as Advance
    const waiting = advance(
      flow,
      stateOf(started),
      { type: 'job.done', step: 3, output: {} },
      facts(),
      options,
    ) as Advance
    const replied = advance(
      flow,
      stateOf(waiting),
      { type: 'reply', step: 4, message_id: 12 },
      facts(),
      options,
    ) as Advance
    expect(replied).toMatchObject({ cancel_timers: true, path: ['tag'], awaiting: 'job' })
    const done = advance(
      flow,
      stateOf(replied),
      { type: 'job.done', step: 5, output: { tags: ['answered'] } },
      facts(),
      options,
    ) as Advance
    expect(done).toMatchObject({ status: 'succeeded', awaiting: null, snapshot: { status: 'done' } })
  })

  it('ignores stale signals: an old step, a second delivery, a signal the step does not take', () => {
    const started = advance(flow, null, { type: 'start' }, facts(), options) as Advance
    expect(
      advance(flow, stateOf(started), { type: 'job.done', step: 2, output: {} }, facts(), options),
    ).toBeNull()
    expect(advance(flow, stateOf(started), { type: 'timer', step: 3 }, facts(), options)).toBeNull()
    const moved = advance(
      flow,
      stateOf(started),
      { type: 'job.done', step: 3, output: {} },
      facts(),
      options,
    ) as Advance
    // the same job result again, against the run as it is now
    expect(
      advance(flow, stateOf(moved), { type: 'job.done', step: 3, output: {} }, facts(), options),
    ).toBeNull()
  })

  it('a failed job fails the run on that step; a later success (retry) goes on from it', () => {
    const started = advance(flow, null, { type: 'start' }, facts(), options) as Advance
    const failed = advance(
      flow,
      stateOf(started),
      { type: 'job.failed', step: 3, error: 'boom' },
      facts(),
      options,
    ) as Advance
    expect(failed).toMatchObject({
      status: 'failed',
      error: 'Reply in the chat failed: boom',
      current_step: 3,
    })
    expect(failed.steps).toMatchObject([{ seq: 3, status: 'failed', error: 'boom' }])
    const retried = advance(
      flow,
      stateOf(failed),
      { type: 'job.done', step: 3, output: {} },
      facts(),
      options,
    ) as Advance
    expect(retried.path).toEqual(['wait'])
  })

  it('ends where the graph ends a port', () => {
    const low = facts({
      session: { ...(facts().session as NonNullable<ReturnType<typeof facts>['session']>), lead_score: 10 },
    })
    expect(advance(flow, null, { type: 'start' }, low, options)).toMatchObject({
      status: 'succeeded',
      path: ['t', 'c'],
    })
  })

  it('fails an action that needs a conversation when there is none', () => {
    const a = advance(flow, null, { type: 'start' }, facts({ session: null }), options) as Advance
    // the condition reads no session (lead score empty -> no) ... force the reply path:
    const direct = compileGraph(
      graph(
        [
          ['t', 'image-uploaded'],
          ['r', 'send-reply', { message: 'x' }, ['out']],
        ],
        [['t', 'r']],
      ),
    )
    const b = advance(direct, null, { type: 'start' }, facts({ session: null }), options) as Advance
    expect(a.status).toBe('succeeded')
    expect(b).toMatchObject({ status: 'failed', steps: [{}, { node_id: 'r', status: 'failed' }] })
  })

  it('A/B split: a new conversation rolls, a known one keeps its branch', () => {
    const split = compileGraph(
      graph(
        [
          ['t', 'conversation-started'],
          ['ab', 'ab-split', {}],
          ['a', 'add-tags', { tags: ['a'] }, ['out']],
          ['b', 'add-tags', { tags: ['b'] }, ['out']],
        ],
        [
          ['t', 'ab'],
          ['ab', 'a', 'a'],
          ['ab', 'b', 'b'],
        ],
      ),
    )
    const fresh = advance(split, null, { type: 'start' }, facts(), { now, random: () => 0.7 }) as Advance
    expect(fresh).toMatchObject({ splits: [{ node_id: 'ab', branch: 'b' }], path: ['t', 'ab', 'b'] })
    const sticky = advance(split, null, { type: 'start' }, facts(), {
      now,
      random: () => 0.7,
      assignments: { ab: 'a' },
    }) as Advance
    expect(sticky).toMatchObject({ splits: [], path: ['t', 'ab', 'a'] })
  })

  it('dry runs report what actions would do and go on without jobs', () => {
    const a = advance(flow, null, { type: 'start' }, facts(), { ...options, dryRun: true }) as Advance
    expect(a.jobs).toEqual([])
    expect(a.actions).toEqual([{ node_id: 'reply', type: 'send-reply', summary: 'Reply: “Hi Mia”' }])
    expect(a).toMatchObject({ awaiting: 'reply', path: ['t', 'c', 'reply', 'wait'] })
  })

  it('stops a run that takes too many steps', () => {
    const state: RunState = {
      ...stateOf(advance(flow, null, { type: 'start' }, facts(), options) as Advance),
      steps_taken: MAX_STEPS_PER_RUN,
    }
    const a = advance(flow, state, { type: 'job.done', step: 3, output: {} }, facts(), options) as Advance
    expect(a).toMatchObject({ status: 'failed', error: expect.stringContaining('may be looping') })
  })
})
