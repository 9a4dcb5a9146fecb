import { describe, expect, it } from 'vitest'
import { prechatPlan } from './prechat-due.ts'

const fields = [{ key: 'email', type: 'email', label: 'E-mail' }]

describe('prechatPlan', () => {
  it('follows when to show the form', () => {
    expect(prechatPlan({ show: 'always', fields }, { returning: true })).toEqual({
      due: true,
      blocking: true,
    })
    expect(prechatPlan({ show: 'new_visitors', fields }, { returning: false }).due).toBe(true)
    expect(prechatPlan({ show: 'new_visitors', fields }, { returning: true }).due).toBe(false)
    expect(prechatPlan({ show: 'never', fields }, { returning: false }).due).toBe(false)
  })

  it('reads the first stored shape, and never shows a form without fields', () => {
    expect(prechatPlan({ enabled: true, fields }, { returning: true }).due).toBe(true)
    expect(prechatPlan({ show: 'always', fields: [] }, { returning: false }).due).toBe(false)
    expect(prechatPlan(null, { returning: false }).due).toBe(false)
    expect(prechatPlan({ show: 'always', blocking: false, fields }, { returning: false }).blocking).toBe(
      false,
    )
  })
})
