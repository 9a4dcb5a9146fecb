import { describe, expect, it } from 'vitest'
import type { Json } from '../../_shared/database.types.ts'
import type { DetailedHealth } from '../../_shared/health.ts'
import { overall, worst } from '../../_shared/health.ts'
import { breakerReport, pausedUntil } from '../probes.ts'
import { publicView, reuseFor, storeView } from '../report.ts'

const now = Date.parse('2026-12-01T12:00:00Z')
const ok = { status: 'ok' } as const

function report(chatwoot: Partial<DetailedHealth['parts']['chatwoot']> = {}): DetailedHealth {
  return {
    view: 'service',
    status: 'ok',
    checked_at: new Date(now).toISOString(),
    parts: {
      database: ok,
      rest: ok,
      auth: ok,
      realtime: ok,
      functions: { ...ok, functions: {} },
      outbox: { ...ok, destinations: [] },
      chatwoot: { ...ok, url: 'http://chatwoot', breaker: breakerReport(undefined), ...chatwoot },
    },
  }
}

const store = (chatwoot: object | null, jobs: object | null = null) =>
  ({ store_id: 's1', role: 'owner', chatwoot, jobs }) as unknown as Json

describe('the words', () => {
  it('the whole is down only when a core part is; anything else not ok degrades it', () => {
    const parts = { database: 'ok', rest: 'ok', auth: 'ok', realtime: 'ok', chatwoot: 'ok' } as const
    expect(overall(parts)).toBe('ok')
    expect(overall({ ...parts, chatwoot: 'down', realtime: 'degraded' })).toBe('degraded')
    expect(overall({ ...parts, auth: 'down' })).toBe('down')
    expect(worst(['ok', 'down', 'degraded'])).toBe('down')
    expect(worst([])).toBe('ok')
  })

  it("anyone's view keeps a word per part and nothing else", () => {
    const view = publicView(
      report({ status: 'down', detail: 'Chatwoot could not be reached', latency_ms: 3 }),
    )
    expect(view.parts).toEqual({
      database: 'ok',
      rest: 'ok',
      auth: 'ok',
      realtime: 'ok',
      functions: 'ok',
      outbox: 'ok',
      chatwoot: 'down',
    })
    expect(JSON.stringify(view)).not.toMatch(/could not|latency|http:/)
  })
})

describe("a store's view", () => {
  it('an account being set up, suspended or failed says so whatever Chatwoot does', () => {
    const account = (status: string) =>
      storeView(report(), store({ status, last_error: 'boom' }), now).store.chatwoot.status
    expect(account('active')).toBe('ok')
    expect(account('provisioning')).toBe('degraded')
    expect(account('suspended')).toBe('degraded')
    expect(account('failed')).toBe('down')
    expect(storeView(report(), store(null), now).store.chatwoot).toMatchObject({
      status: 'degraded',
      account_status: null,
    })
  })

  it('an unreachable Chatwoot and an open breaker reach the store; a breaker past its cool-down does not', () => {
    const open = (retryAt: number) =>
      breakerReport({ status: 'open', failures: 5, openedAt: now - 1000, halfOpenAt: retryAt })
    const down = storeView(
      report({ status: 'down', breaker: open(now + 60_000) }),
      store({ status: 'active' }),
      now,
    )
    expect(down.store.chatwoot).toMatchObject({
      status: 'down',
      reachable: 'down',
      paused_until: new Date(now + 60_000).toISOString(),
    })
    expect(pausedUntil(open(now - 1), now)).toBeNull()
  })

  it("the jobs: degraded with a failing or dead job, or one due for over a minute; agents don't get them", () => {
    const jobs = (counts: object) =>
      storeView(
        report(),
        store(
          { status: 'active' },
          { backlog: 1, failing: 0, dead: 0, oldest_due_at: null, oldest_due_seconds: null, ...counts },
        ),
        now,
      ).store.jobs?.status
    expect(jobs({})).toBe('ok')
    expect(jobs({ failing: 1 })).toBe('degraded')
    expect(jobs({ dead: 2 })).toBe('degraded')
    expect(jobs({ oldest_due_seconds: 61 })).toBe('degraded')
    expect(storeView(report(), store({ status: 'active' }, null), now).store.jobs).toBeNull()
  })
})

describe('reuseFor', () => {
  it('asks once per period, shares a check in flight, and asks again after a failure', async () => {
    let clock = 0
    let calls = 0
    let fail = false
    const check = reuseFor(
      5000,
      async () => {
        calls += 1
        if (fail) throw new Error('no')
        return calls
      },
      () => clock,
    )
    expect(await Promise.all([check(), check()])).toEqual([1, 1])
    clock = 4999
    expect(await check()).toBe(1)
    clock = 5000
    fail = true
    await expect(check()).rejects.toThrow('no')
    fail = false
    expect(await check()).toBe(3)
  })
})
