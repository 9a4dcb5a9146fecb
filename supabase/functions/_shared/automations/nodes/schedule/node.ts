import { Cron } from 'croner'
import { z } from 'zod'
import { defineNode, hint, OUT } from '../../define.ts'

export function validCron(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true })
    return true
  } catch {
    return false
  }
}

export function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** The first time the schedule fires after `after`, in its time zone. */
export function nextFire(cron: string, timeZone: string, after: Date): Date | null {
  return new Cron(cron, { paused: true, timezone: timeZone }).nextRun(after)
}

export default defineNode({
  id: 'schedule',
  version: 1,
  kind: 'trigger',
  title: 'Schedule',
  description:
    "On a schedule (cron), in the store's time zone unless another is given. Runs have no conversation.",
  icon: 'calendar-clock',
  config: z.object({
    cron: hint(
      z
        .string()
        .trim()
        .default('0 9 * * 1')
        .refine(validCron, { error: 'That is not a cron schedule (minute hour day month weekday).' }),
      {
        title: 'Schedule',
        description: 'minute hour day-of-month month weekday, e.g. 0 9 * * 1',
        widget: 'cron',
      },
    ),
    time_zone: hint(
      z
        .string()
        .trim()
        .default('')
        .refine((z) => z === '' || validTimeZone(z), { error: 'Unknown time zone.' }),
      { title: 'Time zone', description: "Empty: the store's.", widget: 'timezone' },
    ),
  }),
  output: z.object({}),
  ports: () => [OUT],
  // schedule.tick events name their workflow; the engine delivers them to it alone.
  events: ['schedule.tick'],
  match: () => true,
})
