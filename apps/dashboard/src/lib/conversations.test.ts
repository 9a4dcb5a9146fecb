import { describe, expect, it } from 'vitest'
import {
  addMessage,
  type ConversationMessage,
  type ConversationSummary,
  timeOf,
  upsertSession,
} from './conversations.ts'

const session = (
  id: string,
  last: string,
  extra: Partial<ConversationSummary> = {},
): ConversationSummary => ({
  id,
  store_id: 's',
  chatbot_id: 'b',
  contact_id: null,
  status: 'bot',
  lead_score: null,
  sentiment: null,
  language: null,
  started_at: last,
  last_message_at: last,
  resolved_at: null,
  contact: null,
  ...extra,
})

const message = (id: number, at: string): ConversationMessage => ({
  id,
  session_id: 'x',
  sender: 'customer',
  content: `m${id}`,
  attachments: [],
  is_private: false,
  sentiment: null,
  intent: null,
  created_at: at,
})

describe('conversation list helpers', () => {
  it('reads timestamps from PostgREST and from Postgres text output alike', () => {
    expect(timeOf('2026-11-23 10:00:00.5+00')).toBe(Date.parse('2026-11-23T10:00:00.500Z'))
    expect(timeOf('2026-11-23T10:00:00.5+00:00')).toBe(Date.parse('2026-11-23T10:00:00.500Z'))
  })

  it('keeps the newest activity first and the known contact when a realtime row has none', () => {
    const contact = { name: 'Lena', email: null, verified: false }
    let list = [session('a', '2026-11-23T10:00:00Z', { contact }), session('b', '2026-11-23T09:00:00Z')]
    list = upsertSession(list, session('b', '2026-11-23 11:00:00+00'))
    expect(list.map((s) => s.id)).toEqual(['b', 'a'])
    list = upsertSession(list, session('a', '2026-11-23T12:00:00Z', { status: 'resolved' }))
    expect(list[0]).toMatchObject({ id: 'a', status: 'resolved', contact })
  })

  it('adds each message once, oldest first', () => {
    let list = [message(2, '2026-11-23T10:00:01Z')]
    list = addMessage(list, message(1, '2026-11-23T10:00:00Z'))
    list = addMessage(list, message(2, '2026-11-23T10:00:01Z'))
    expect(list.map((m) => m.id)).toEqual([1, 2])
  })
})
