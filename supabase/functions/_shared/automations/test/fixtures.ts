// Facts and events for unit tests: a conversation in the demo shape, each part overridable.
import type { AutomationEvent, EventPayload, EventType } from '../events.ts'
import type { Facts } from '../facts.ts'

export function event<T extends EventType>(
  type: T,
  payload: EventPayload<T>,
  at = '2026-12-01T10:00:00.000Z',
): AutomationEvent<T> {
  return {
    id: 1,
    store_id: '00000000-0000-4000-8000-000000000001',
    type,
    session_id: '00000000-0000-4000-8000-000000000002',
    contact_id: '00000000-0000-4000-8000-000000000003',
    payload,
    created_at: at,
  }
}

export function facts(over: Partial<Facts> = {}): Facts {
  return {
    event: event('message.received', { message_id: 7, text: 'Where is my order?', attachments: 0 }),
    store: {
      id: '00000000-0000-4000-8000-000000000001',
      name: 'Acme Outdoor',
      time_zone: 'Europe/Vienna',
      business_hours: {
        Mon: '09:00–17:00',
        Tue: '09:00–17:00',
        Wed: '09:00–17:00',
        Thu: '09:00–17:00',
        Fri: '09:00–17:00',
      },
      fallback_phone: '+43 512 123456',
      fallback_email: 'help@acme.example',
    },
    session: {
      id: '00000000-0000-4000-8000-000000000002',
      status: 'bot',
      language: 'en',
      sentiment: 0.1,
      lead_score: 40,
      tags: ['vip'],
      attributes: { plan: 'pro' },
      started_at: '2026-12-01T09:55:00.000Z',
      last_agent_reply_at: null,
    },
    message: { id: 7, text: 'Where is my order?', intent: 'order_status', sentiment: 0, language: 'en' },
    contact: {
      id: '00000000-0000-4000-8000-000000000003',
      name: 'Mia',
      email: 'mia@example.com',
      phone: null,
      attributes: { orders: 3, newsletter: true },
    },
    steps: {},
    // A Tuesday, 11:00 in Vienna
    now: new Date('2026-12-01T10:00:00.000Z'),
    ...over,
  }
}
