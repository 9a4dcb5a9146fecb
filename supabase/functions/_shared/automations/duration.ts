// Waits are given as an amount and a unit; the engine keeps them as timer rows (never in memory).
import { z } from 'zod'
import { hint } from './define.ts'

const SECONDS = { minutes: 60, hours: 3600, days: 86_400 } as const
export const MAX_WAIT_SECONDS = 30 * 86_400

export const durationFields = {
  amount: hint(z.number().int().min(1).default(10), { title: 'Wait', widget: 'number', order: 1 }),
  unit: hint(z.enum(['minutes', 'hours', 'days']).default('minutes'), {
    title: 'Unit',
    widget: 'select',
    order: 2,
  }),
}

export const durationSchema = z
  .object(durationFields)
  .refine((d) => d.amount * SECONDS[d.unit] <= MAX_WAIT_SECONDS, {
    error: 'Waits are at most 30 days.',
    path: ['amount'],
  })

export const toSeconds = (d: { amount: number; unit: keyof typeof SECONDS }) => d.amount * SECONDS[d.unit]

export function describeDuration(d: { amount: number; unit: string }): string {
  return `${d.amount} ${d.amount === 1 ? d.unit.replace(/s$/, '') : d.unit}`
}
