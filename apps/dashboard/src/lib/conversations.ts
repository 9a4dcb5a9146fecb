// The conversations screen's reads, shared by the server's first render, the browser's catch-up reads and
// realtime updates; their row types follow from the columns selected here.
import type { Database, Enums } from '@parley/supabase/database'
import type { QueryData, SupabaseClient } from '@supabase/supabase-js'

export type SessionStatus = Enums<'chat_session_status'>

/** Sessions with their contact (realtime rows carry the session columns only). */
export const selectSessions = (supabase: SupabaseClient<Database>) =>
  supabase
    .from('chat_sessions')
    .select(
      'id, store_id, chatbot_id, contact_id, status, lead_score, sentiment, language, started_at, last_message_at, resolved_at, contact:contacts (name, email, verified)',
    )

export type ConversationSummary = QueryData<ReturnType<typeof selectSessions>>[number]

/** A transcript's messages. */
export const selectMessages = (supabase: SupabaseClient<Database>) =>
  supabase
    .from('messages')
    .select('id, session_id, sender, content, attachments, is_private, sentiment, intent, created_at')

export type ConversationMessage = QueryData<ReturnType<typeof selectMessages>>[number]

export const statusLabel: Record<SessionStatus, string> = {
  bot: 'Bot',
  queued: 'Waiting for agent',
  human: 'With agent',
  resolved: 'Resolved',
}

export const statusColor = {
  bot: 'gray',
  queued: 'amber',
  human: 'blue',
  resolved: 'green',
} as const satisfies Record<SessionStatus, string>

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

/** A message seen again with changes (an image's analysis arrived): the newer copy replaces it. */
export function replaceMessage(
  list: ConversationMessage[],
  message: ConversationMessage,
): ConversationMessage[] {
  return list.some((m) => m.id === message.id)
    ? list.map((m) => (m.id === message.id ? { ...m, ...message } : m))
    : addMessage(list, message)
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
