import { describe, expect, it } from 'vitest'
import { change, formatChange, kpiDefinitions } from '../report.ts'

const kindOf = (key: string) => kpiDefinitions.find((k) => k.key === key)?.kind ?? 'score'

describe('a KPI card beside the previous period', () => {
  it('says a count changed by a share of what it was', () => {
    expect(formatChange(change(117, 120, 'count'), 'count')).toBe('-3 %')
    expect(change(5, 0, 'count')).toBeNull()
  })

  it('says a rate changed in points', () => {
    expect(formatChange(change(0.701, 0.717, 'rate'), 'rate')).toBe('-1.6 pts')
  })

  it('says a time changed by a time, in the units the card shows', () => {
    const kind = kindOf('agent_first_reply')
    expect(kind).toBe('duration')
    expect(formatChange(change(109, 43.5, kind), kind)).toBe('+1 m 06 s')
    expect(formatChange(change(1139, 1167, kind), kind)).toBe('-28 s')
    expect(kindOf('resolution')).toBe('duration')
    expect(kindOf('bot_reply')).toBe('duration')
  })

  it('calls a time that moved less than half a second no change', () => {
    expect(change(40.2, 40.21, 'duration')).toBe(0)
    expect(formatChange(change(40.2, 40.21, 'duration'), 'duration')).toBeNull()
  })

  it('says a score changed by its difference', () => {
    expect(formatChange(change(0.11, -0.01, 'score'), 'score')).toBe('+0.12')
  })
})
