import { z } from 'zod'
import { defineNode, OUT } from '../../../../automations/define.ts'

export default defineNode({
  id: 'calcom-booking-created',
  version: 1,
  kind: 'trigger',
  title: 'Booking created (Cal.com)',
  description: 'When a visitor books a meeting through Cal.com (from a link offered in the chat or not).',
  icon: 'calendar',
  config: z.object({}),
  output: z.object({}),
  ports: () => [OUT],
  events: ['booking.created'],
  match: () => true,
})
