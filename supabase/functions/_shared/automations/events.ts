// The business events automations react to. SQL triggers append them to public.automation_events
// (migration 20261201500000_automations.sql) as conversations happen; the worker matches them to the
// store's published workflows. The payload of each type is below; every event also names its store and,
// where there is one, its session and contact.
import { z } from 'zod'

const sentiment = z.number().min(-1).max(1)

const booking = z.object({
  booking_uid: z.string(),
  previous_uid: z.string().nullish(),
  title: z.string().nullish(),
  status: z.string(),
  start: z.string().nullish(),
  end: z.string().nullish(),
  attendee_email: z.string().nullish(),
  attendee_name: z.string().nullish(),
})

const payment = z.object({
  payment_request_id: z.uuid(),
  amount: z.number().int(),
  currency: z.string(),
  description: z.string(),
})

export const eventPayloads = {
  /** A visitor opened a conversation. */
  'conversation.started': z.object({ chatbot_id: z.uuid().optional() }),
  /** A visitor wrote (never fired by what an automation, the bot or an agent sent). */
  'message.received': z.object({
    message_id: z.number(),
    text: z.string(),
    language: z.string().nullish(),
    intent: z.string().nullish(),
    sentiment: sentiment.nullish(),
    attachments: z.number().default(0),
  }),
  /** The analysis of a visitor's message named an intent. */
  'intent.detected': z.object({ message_id: z.number(), intent: z.string() }),
  /** The conversation's running sentiment moved. */
  'sentiment.changed': z.object({ previous: sentiment.nullish(), current: sentiment }),
  /** A visitor's message carried an image (fires once uploads exist). */
  'image.uploaded': z.object({
    message_id: z.number(),
    images: z.array(z.object({ url: z.string().optional(), name: z.string().optional() })).default([]),
  }),
  /** The conversation's lead score changed. */
  'lead_score.changed': z.object({ previous: z.number().nullish(), current: z.number() }),
  /** The conversation went to the human queue (asked for, by sentiment, or by an automation). */
  'handoff.requested': z.object({ by: z.enum(['visitor', 'bot', 'automation', 'agent']).default('bot') }),
  /** The conversation was resolved, by the bot (closed without a person) or by an agent. */
  'conversation.resolved': z.object({ by: z.enum(['bot', 'agent']) }),
  /** A visitor wrote in a conversation that is with (or waiting for) a person. */
  'message.awaiting_agent': z.object({ message_id: z.number() }),
  /** One custom attribute of a contact changed (one event per attribute). */
  'contact.attribute_changed': z.object({
    key: z.string(),
    previous: z.unknown().optional(),
    current: z.unknown().optional(),
  }),
  /** A meeting booked, moved or cancelled in Cal.com (its signed webhook; apps/calcom). */
  'booking.created': booking,
  'booking.rescheduled': booking,
  'booking.cancelled': booking,
  /** A payment request in the chat was paid, failed or expired (the Stripe app, on the store's webhook). */
  'payment.succeeded': payment,
  'payment.failed': payment,
  'payment.expired': payment,
  /** A schedule trigger's time came (the worker writes these for published schedules). */
  'schedule.tick': z.object({ workflow_id: z.uuid(), fire_at: z.string() }),
} as const

export type EventType = keyof typeof eventPayloads
export const EVENT_TYPES = Object.keys(eventPayloads) as EventType[]

export type EventPayload<T extends EventType> = z.infer<(typeof eventPayloads)[T]>

/** A row of public.automation_events as the worker and the nodes see it. */
export interface AutomationEvent<T extends EventType = EventType> {
  id: number
  store_id: string
  type: T
  session_id: string | null
  contact_id: string | null
  payload: EventPayload<T>
  created_at: string
}

/** Events the worker sends to a running workflow (not business events: they never start runs). */
export type RunSignal =
  | { type: 'job.done'; step: number; output: Record<string, unknown> }
  | { type: 'job.failed'; step: number; error: string }
  | { type: 'timer'; step: number }
  | { type: 'reply'; step: number; message_id: number }
