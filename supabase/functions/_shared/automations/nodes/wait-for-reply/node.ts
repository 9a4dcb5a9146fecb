import { z } from 'zod'
import { defineNode } from '../../define.ts'
import { durationFields, MAX_WAIT_SECONDS, toSeconds } from '../../duration.ts'

export default defineNode({
  id: 'wait-for-reply',
  version: 1,
  kind: 'delay',
  title: "Wait for the visitor's reply",
  description:
    'Goes on through Replied as soon as the visitor writes, or through No reply when the time is up.',
  icon: 'message-square-dashed',
  config: z.object(durationFields).refine((d) => toSeconds(d) <= MAX_WAIT_SECONDS, {
    error: 'Waits are at most 30 days.',
    path: ['amount'],
  }),
  output: z.object({ replied: z.boolean(), message_id: z.number().optional() }),
  ports: () => [
    { id: 'replied', label: 'Replied' },
    { id: 'timeout', label: 'No reply' },
  ],
  seconds: (c) => toSeconds(c),
  timeoutPort: 'timeout',
  replyPort: 'replied',
})
