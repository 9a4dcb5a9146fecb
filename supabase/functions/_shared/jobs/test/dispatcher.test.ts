import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { BreakerState } from '../../breaker.ts'
import type { Db } from '../../db.ts'
import {
  dead,
  defineDestination,
  defineJob,
  done,
  type JobDefinition,
  JobStop,
  retryLater,
} from '../define.ts'
import { dispatch } from '../dispatcher.ts'

// The dispatcher against a scripted queue (the SQL side has its pgTAP tests, the whole chain its devstack
// suites): how results, thrown errors, invalid payloads and the circuit breaker become recorded outcomes.

class ApiDown extends Error {}

const api = defineDestination({
  name: 'test-api',
  label: 'Test API',
  breaker: () => ({ failureThreshold: 2, cooldownMs: 60_000 }),
  classify: (error) => (error instanceof ApiDown ? retryLater('Test API did not answer') : undefined),
})

interface Row {
  id: number
  topic: string
  payload: unknown
  attempts?: number
  runs?: number
}

/** A queue that hands out each row once and records what the dispatcher says about it. */
function queue(rows: Row[], breakers = new Map<string, BreakerState>()) {
  const pending = rows.map((r) => ({ store_id: null, idempotency_key: null, attempts: 0, runs: 0, ...r }))
  const recorded: Record<string, unknown>[] = []
  const db = {
    async rpc(name: string, args: Record<string, unknown>) {
      if (name === 'claim_outbox_jobs') {
        const claimed = pending.splice(0, Number(args.p_limit))
        return {
          data: claimed.map((r) => ({ ...r, attempts: r.attempts + 1, runs: r.runs + 1 })),
          error: null,
        }
      }
      if (name === 'record_outbox_result') {
        recorded.push(args)
        return { data: args.p_outcome === 'retry' ? 'pending' : args.p_outcome, error: null }
      }
      if (name === 'next_outbox_job_due') return { data: null, error: null }
      if (name === 'get_circuit_breaker')
        return { data: breakers.get(String(args.p_key)) ?? null, error: null }
      if (name === 'set_circuit_breaker') {
        breakers.set(String(args.p_key), args.p_state as BreakerState)
        return { data: null, error: null }
      }
      throw new Error(`unexpected rpc ${name}`)
    },
  }
  return { db: db as unknown as Db, recorded, breakers }
}

const payload = z.object({ n: z.number() })
const now = () => 1_700_000_000_000

describe('dispatch', () => {
  it("runs each job's handler with its parsed payload and records the outcome", async () => {
    const seen: unknown[] = []
    const job = defineJob({
      topic: 'test.echo',
      title: 'Echo',
      payload,
      destination: api,
      async run(p, ctx) {
        seen.push([p, ctx.job.attempt, ctx.job.rerun])
        return done({ doubled: p.n * 2 })
      },
    })
    const q = queue([{ id: 1, topic: 'test.echo', payload: { n: 21 }, runs: 1 }])
    expect(await dispatch({ db: q.db, jobs: [job as JobDefinition], now })).toEqual({
      done: 1,
      retry: 0,
      wait: 0,
      dead: 0,
    })
    expect(seen).toEqual([[{ n: 21 }, 1, true]])
    expect(q.recorded).toEqual([{ p_job_id: 1, p_outcome: 'done', p_details: { doubled: 42 } }])
  })

  it('dead-letters invalid payloads and topics without a handler, with a readable reason', async () => {
    const job = defineJob({
      topic: 'test.echo',
      title: 'Echo',
      payload,
      destination: api,
      run: async () => done(),
    })
    const q = queue([
      { id: 1, topic: 'test.echo', payload: { n: 'x' } },
      { id: 2, topic: 'test.gone', payload: {} },
    ])
    await dispatch({ db: q.db, jobs: [job as JobDefinition], now })
    expect(q.recorded.map((r) => [r.p_job_id, r.p_outcome, r.p_reason]).sort()).toEqual([
      [1, 'dead', "The job's data is not valid (n: Invalid input: expected number, received string)"],
      [2, 'dead', 'Parley has no handler for "test.gone" jobs any more'],
    ])
  })

  it('classifies thrown errors by the destination; anything else is retried with the backoff, scaled', async () => {
    const job = defineJob({
      topic: 'test.throw',
      title: 'Throw',
      payload,
      destination: api,
      retry: { attempts: 5, backoff: { first: 10, max: 60 } },
      async run(p) {
        if (p.n === 1) throw new ApiDown()
        if (p.n === 2) throw new JobStop(dead('No such customer'))
        throw new Error('connection reset by the database')
      },
    })
    const q = queue([
      { id: 1, topic: 'test.throw', payload: { n: 1 }, attempts: 2 },
      { id: 2, topic: 'test.throw', payload: { n: 2 } },
      { id: 3, topic: 'test.throw', payload: { n: 3 } },
    ])
    await dispatch({ db: q.db, jobs: [job as JobDefinition], now, delayScale: 0.5, log: () => undefined })
    expect(q.recorded.map((r) => [r.p_job_id, r.p_outcome, r.p_reason, r.p_delay_seconds]).sort()).toEqual([
      [1, 'retry', 'Test API did not answer', 20], // third attempt: 10 * 2^2 = 40 s, halved
      [2, 'dead', 'No such customer', undefined],
      [3, 'retry', 'Parley could not finish this job: connection reset by the database', 5],
    ])
  })

  it("does not run jobs while their destination's breaker is open: they wait, attempts not spent", async () => {
    let runs = 0
    const job = defineJob({
      topic: 'test.call',
      title: 'Call',
      payload,
      destination: api,
      run: async () => {
        runs++
        return done()
      },
    })
    const open: BreakerState = { status: 'open', failures: 2, halfOpenAt: now() + 30_000 }
    const q = queue([{ id: 1, topic: 'test.call', payload: { n: 1 } }], new Map([['test-api', open]]))
    expect(await dispatch({ db: q.db, jobs: [job as JobDefinition], now })).toMatchObject({ wait: 1 })
    expect(runs).toBe(0)
    expect(q.recorded).toEqual([
      {
        p_job_id: 1,
        p_outcome: 'wait',
        p_reason: 'Test API is not answering; waiting until it is back',
        p_delay_seconds: 30,
      },
    ])
  })

  it("a failure that opens the destination's breaker becomes a wait: an outage kills no job", async () => {
    const job = defineJob({
      topic: 'test.call',
      title: 'Call',
      payload,
      destination: api,
      async run(_p, ctx) {
        await ctx.breaker.onFailure()
        throw new ApiDown()
      },
    })
    const q = queue([
      { id: 1, topic: 'test.call', payload: { n: 1 } },
      { id: 2, topic: 'test.call', payload: { n: 2 } },
    ])
    await dispatch({ db: q.db, jobs: [job as JobDefinition], now, concurrency: 1 })
    expect(q.recorded.map((r) => [r.p_outcome, r.p_reason, r.p_delay_seconds])).toEqual([
      ['retry', 'Test API did not answer', 5],
      ['wait', 'Test API did not answer', 60],
    ])
    expect(q.breakers.get('test-api')?.status).toBe('open')
  })

  it('runs jobs of different lanes side by side', async () => {
    let running = 0
    let most = 0
    let open!: () => void
    const gate = new Promise<void>((resolve) => {
      open = resolve
    })
    const job = defineJob({
      topic: 'test.slow',
      title: 'Slow',
      payload,
      destination: api,
      async run() {
        most = Math.max(most, ++running)
        await gate
        running--
        return done()
      },
    })
    const q = queue([1, 2, 3, 4].map((id) => ({ id, topic: 'test.slow', payload: { n: id } })))
    const dispatched = dispatch({ db: q.db, jobs: [job as JobDefinition], concurrency: 3 })
    // Three handlers are inside run() at once, none finished: then they may all go on.
    await expect.poll(() => running).toBe(3)
    open()
    expect(await dispatched).toMatchObject({ done: 4 })
    expect(most).toBe(3)
  })
})

describe('defineJob', () => {
  const base = { title: 'T', payload, destination: api, run: async () => done() }
  it('refuses what SQL could not use: bad topics, keys with coalesce, templates naming unknown fields', () => {
    expect(() => defineJob({ ...base, topic: 'Test' })).toThrow('a topic looks like area.action')
    expect(() => defineJob({ ...base, topic: 'test.a', key: 'k:{n}', coalesce: 'c:{n}' })).toThrow('not both')
    expect(() => defineJob({ ...base, topic: 'test.a', lane: 'lane:{m}' })).toThrow(
      'the lane template names m not in the payload',
    )
    expect(() => defineJob({ ...base, topic: 'test.a', after: 'fixed' })).toThrow('names no {field}')
    expect(() =>
      defineJob({ ...base, topic: 'test.a', retry: { attempts: 0, backoff: { first: 1, max: 1 } } }),
    ).toThrow('retry.attempts')
    expect(defineJob({ ...base, topic: 'test.a', key: 'k:{n}', lane: 'l:{n}' }).topic).toBe('test.a')
  })
})
