import { z } from 'zod'
import { defineNode, OUT } from '../../define.ts'
import { durationFields, MAX_WAIT_SECONDS, toSeconds } from '../../duration.ts'

export default defineNode({
  id: 'wait',
  version: 1,
  kind: 'delay',
  title: 'Wait',
  description:
    'Waits minutes to days before going on (it survives restarts: waits are stored, not in memory).',
  icon: 'hourglass',
  config: z.object(durationFields).refine((d) => toSeconds(d) <= MAX_WAIT_SECONDS, {
    error: 'Waits are at most 30 days.',
    path: ['amount'],
  }),
  output: z.object({ waited_seconds: z.number() }),
  ports: () => [OUT],
  seconds: (c) => toSeconds(c),
  timeoutPort: 'out',
})
