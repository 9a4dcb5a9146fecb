import 'server-only'
import {
  type ConversationMessage,
  type ConversationSummary,
  selectMessages,
  selectSessions,
} from '../conversations.ts'
import { describeError } from '../errors.ts'
import { createClient } from '../supabase/server.ts'
import type { Loaded } from './stores.ts'

/** The store's sessions, most recent activity first (what the list shows before realtime takes over). */
export async function listSessions(storeId: string, limit = 100): Promise<Loaded<ConversationSummary[]>> {
  const { data, error } = await selectSessions(await createClient())
    .eq('store_id', storeId)
    .order('last_message_at', { ascending: false })
    .limit(limit)
  if (error) return { ok: false, error: describeError(error, 'Could not load the conversations.') }
  return { ok: true, data }
}

export async function listMessages(
  storeId: string,
  sessionId: string,
): Promise<Loaded<ConversationMessage[]>> {
  const { data, error } = await selectMessages(await createClient())
    .eq('store_id', storeId)
    .eq('session_id', sessionId)
    .order('created_at', { ascending: true })
    .order('id', { ascending: true })
    .limit(500)
  if (error) {
    if (error.code === '22P02') return { ok: true, data: [] }
    return { ok: false, error: describeError(error, 'Could not load this conversation.') }
  }
  return { ok: true, data }
}
