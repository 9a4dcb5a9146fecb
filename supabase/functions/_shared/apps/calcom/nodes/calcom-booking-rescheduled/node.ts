import { z } from 'zod'
import { defineNode, OUT } from '../../../../automations/define.ts'

export default defineNode({
  id: 'calcom-booking-rescheduled',
  version: 1,
  kind: 'trigger',
  title: 'Booking rescheduled (Cal.com)',
  description: 'When a Cal.com booking is moved to another time.',
  icon: 'calendar',
  config: z.object({}),
  output: z.object({}),
  ports: () => [OUT],
  events: ['booking.rescheduled'],
  match: () => true,
})
