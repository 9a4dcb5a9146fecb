import 'server-only'
import type {
  AiSettings,
  Chatbot,
  ConsentRecord,
  Faq,
  KnowledgeDocument,
  ResponderFailure,
} from '../chatbot/types.ts'
import { describeError } from '../errors.ts'
import type { Role } from '../roles.ts'
import { createClient } from '../supabase/server.ts'
import type { Loaded } from './stores.ts'

const chatbotColumns =
  'id, store_id, name, public_id, greeting, greetings, languages, theme, prechat_form, lead_scoring, bot_offers_booking, bot_payables, created_at, consent_required, consent_text, consent_texts, consent_version, consent_changed_at'

/** My role in a store, or undefined when I am not a member (or the store does not exist). */
export async function getMyRole(storeId: string, userId: string): Promise<Role | undefined> {
  const supabase = await createClient()
  const { data } = await supabase
    .from('memberships')
    .select('role')
    .eq('store_id', storeId)
    .eq('user_id', userId)
    .maybeSingle()
  return data?.role
}

export async function listChatbots(storeId: string): Promise<Loaded<Chatbot[]>> {
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('chatbots')
    .select(chatbotColumns)
    .eq('store_id', storeId)
    .order('created_at', { ascending: true })
  if (error) return { ok: false, error: describeError(error, 'Could not load the chatbots.') }
  return { ok: true, data }
}

/** One chatbot of a store, or null when it does not exist or is not visible to me. */
export async function getChatbot(storeId: string, chatbotId: string): Promise<Loaded<Chatbot | null>> {
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('chatbots')
    .select(chatbotColumns)
    .eq('store_id', storeId)
    .eq('id', chatbotId)
    .maybeSingle()
  if (error) {
    if (error.code === '22P02') return { ok: true, data: null }
    return { ok: false, error: describeError(error, 'Could not load this chatbot.') }
  }
  return { ok: true, data }
}

export async function listFaqs(chatbotId: string): Promise<Loaded<Faq[]>> {
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('faqs')
    .select('id, question, answer, position, language')
    .eq('chatbot_id', chatbotId)
    .order('position', { ascending: true })
    .order('created_at', { ascending: true })
  if (error) return { ok: false, error: describeError(error, 'Could not load the FAQs.') }
  return { ok: true, data }
}

/** Knowledge documents with the number of chunks the database built for each (newest first). */
export async function listDocuments(chatbotId: string): Promise<Loaded<KnowledgeDocument[]>> {
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('knowledge_documents')
    .select('id, title, source, created_at, language, knowledge_chunks(count)')
    .eq('chatbot_id', chatbotId)
    .order('created_at', { ascending: false })
  if (error) {
    // Before the knowledge migration is applied the table does not exist yet.
    if (error.code === 'PGRST205' || error.code === '42P01') {
      return { ok: false, error: 'Knowledge documents are not available on this server yet.' }
    }
    return { ok: false, error: describeError(error, 'Could not load the knowledge documents.') }
  }
  return {
    ok: true,
    data: data.map(({ knowledge_chunks, ...doc }) => ({ ...doc, chunks: knowledge_chunks[0]?.count ?? 0 })),
  }
}

/** The chatbot's AI provider settings (owners and admins only; null for agents or before the migration). */
export async function getAiSettings(chatbotId: string): Promise<AiSettings | null> {
  const supabase = await createClient()
  const { data } = await supabase
    .from('chatbot_ai_settings')
    .select('provider, base_url, model, has_api_key, timeout_ms, max_tokens')
    .eq('chatbot_id', chatbotId)
    .maybeSingle()
  return data
}

/** Recent provider failures (the visitor got a fallback answer), newest first. */
export async function listResponderFailures(chatbotId: string, limit = 10): Promise<ResponderFailure[]> {
  const supabase = await createClient()
  const { data } = await supabase
    .from('responder_failures')
    .select('id, provider, kind, http_status, detail, created_at')
    .eq('chatbot_id', chatbotId)
    .order('created_at', { ascending: false })
    .limit(limit)
  return data ?? []
}

/** Which of the apps the bot's offers need are connected (the chatbot screen says when one is missing). */
export async function getOfferApps(storeId: string): Promise<{ calcom: boolean; stripe: boolean }> {
  const supabase = await createClient()
  const { data } = await supabase
    .from('integrations')
    .select('provider')
    .eq('store_id', storeId)
    .in('provider', ['calcom', 'stripe'])
    .eq('status', 'connected')
  const connected = new Set((data ?? []).map((row) => row.provider))
  return { calcom: connected.has('calcom'), stripe: connected.has('stripe') }
}

/**
 * Who agreed to the chatbot's consent text (their contact and latest conversation), when, to which version and
 * in which language (newest first; members read them).
 */
export async function listConsents(chatbotId: string): Promise<Loaded<ConsentRecord[]>> {
  const supabase = await createClient()
  const { data, error } = await supabase.rpc('chatbot_consents', { p_chatbot_id: chatbotId, p_limit: 100 })
  if (error) return { ok: false, error: describeError(error, 'Could not load the consents.') }
  return { ok: true, data }
}
