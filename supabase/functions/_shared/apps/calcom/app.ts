import { z } from 'zod'
import { defineApp } from '../define.ts'

/** The booking events Parley asks Cal.com for, and the automation events each becomes. */
export const BOOKING_TRIGGERS = {
  BOOKING_CREATED: 'booking.created',
  BOOKING_RESCHEDULED: 'booking.rescheduled',
  BOOKING_CANCELLED: 'booking.cancelled',
} as const

export default defineApp({
  id: 'calcom',
  name: 'Cal.com',
  logo: 'calendar',
  category: 'scheduling',
  description:
    'Offer a meeting in the chat with a link prefilled for the visitor; bookings, reschedules and cancellations show in the conversation and Chatwoot.',
  auth: {
    type: 'api_key',
    label: 'Cal.com API key',
    help: 'Cal.com → Settings → Developer → API keys: create a key (cal_live_…) and paste it here once.',
    baseUrlEnv: 'CALCOM_BASE_URL',
  },
  settings: z.object({
    /** The event type offered in the chat, picked from the store's list on the Integrations page. */
    event_type_id: z.number().int().positive().optional(),
    event_type_title: z.string().max(200).optional(),
    /** Its public booking page, e.g. https://cal.com/<username>/<event slug>. */
    booking_url: z
      .url({ protocol: /^https?$/, error: 'A booking page address (https://…).' })
      .max(500)
      .optional(),
    /** The webhook Parley registered with Cal.com for this store (so it is registered once). */
    webhook_id: z.union([z.number(), z.string()]).optional(),
  }),
  events: [
    { type: BOOKING_TRIGGERS.BOOKING_CREATED, title: 'Booking created' },
    { type: BOOKING_TRIGGERS.BOOKING_RESCHEDULED, title: 'Booking rescheduled' },
    { type: BOOKING_TRIGGERS.BOOKING_CANCELLED, title: 'Booking cancelled' },
  ],
  defaultBaseUrl: 'https://api.cal.com',
  testable: true,
  connectJob: 'calcom.register_webhook',
  disconnectJob: { topic: 'calcom.delete_webhook', setting: 'webhook_id' },
})
