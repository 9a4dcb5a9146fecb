/** Conversation rows as the conversations screen reads them, shared by server reads and realtime updates. */
export type SessionStatus = 'bot' | 'queued' | 'human' | 'resolved'

export type ConversationSummary = {
  id: string
  store_id: string
  chatbot_id: string
  contact_id: string | null
  status: SessionStatus
  lead_score: number | null
  sentiment: number | null
  language: string | null
  started_at: string
  last_message_at: string
  resolved_at: string | null
  contact: { name: string | null; email: string | null; verified: boolean } | null
}

export type ConversationMessage = {
  id: number
  session_id: string
  sender: 'customer' | 'bot' | 'agent' | 'system'
  content: string
  is_private: boolean
  sentiment: number | null
  intent: string | null
  created_at: string
}

export const sessionColumns =
  'id, store_id, chatbot_id, contact_id, status, lead_score, sentiment, language, started_at, last_message_at, resolved_at, contact:contacts (name, email, verified)'

export const statusLabel: Record<SessionStatus, string> = {
  bot: 'Bot',
  queued: 'Waiting for agent',
  human: 'With agent',
  resolved: 'Resolved',
}

export const statusColor = { bot: 'gray', queued: 'amber', human: 'blue', resolved: 'green' } as const

/**
 * Milliseconds of a timestamp from PostgREST (ISO 8601) or from a realtime payload, which may carry
 * Postgres' text form ("2026-11-23 10:00:00.123456+00").
 */
export function timeOf(value: string): number {
  const iso = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? 0 : ms
}

/** Newest activity first; ties broken by id so the order is stable. */
export const byActivity = (a: ConversationSummary, b: ConversationSummary) =>
  timeOf(b.last_message_at) - timeOf(a.last_message_at) || a.id.localeCompare(b.id)

/** Inserts or replaces a session (keeping the contact we already know when a realtime row has none). */
export function upsertSession(list: ConversationSummary[], row: ConversationSummary): ConversationSummary[] {
  const old = list.find((s) => s.id === row.id)
  const merged = { ...old, ...row, contact: row.contact ?? old?.contact ?? null }
  return [...list.filter((s) => s.id !== row.id), merged].toSorted(byActivity)
}

const byTime = (a: ConversationMessage, b: ConversationMessage) =>
  timeOf(a.created_at) - timeOf(b.created_at) || a.id - b.id

/** Adds a message once (realtime and a refetch may both deliver it), oldest first. */
export function addMessage(list: ConversationMessage[], message: ConversationMessage): ConversationMessage[] {
  if (list.some((m) => m.id === message.id)) return list
  return [...list, message].toSorted(byTime)
}

/** Who is speaking, for people: the visitor's name when known. */
export function contactName(s: Pick<ConversationSummary, 'contact' | 'id'>): string {
  return s.contact?.name || s.contact?.email || `Visitor ${s.id.slice(-4)}`
}

export function sentimentLabel(
  value: number | null,
): { label: string; color: 'green' | 'gray' | 'red' } | null {
  if (value === null || value === undefined) return null
  if (value >= 0.25) return { label: 'Positive', color: 'green' }
  if (value <= -0.25) return { label: 'Negative', color: 'red' }
  return { label: 'Neutral', color: 'gray' }
}
