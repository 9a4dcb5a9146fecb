import { z } from 'zod'
import { defineNode, OUT } from '../../../../automations/define.ts'

export default defineNode({
  id: 'calcom-booking-cancelled',
  version: 1,
  kind: 'trigger',
  title: 'Booking cancelled (Cal.com)',
  description: 'When a Cal.com booking is cancelled.',
  icon: 'calendar',
  config: z.object({}),
  output: z.object({}),
  ports: () => [OUT],
  events: ['booking.cancelled'],
  match: () => true,
})
