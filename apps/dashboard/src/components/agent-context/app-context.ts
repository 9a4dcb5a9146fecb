/** Chatwoot's Dashboard App handshake: ask the parent for context; it answers with a JSON string. */
export const fetchInfoMessage = 'chatwoot-dashboard-app:fetch-info'

export interface ConversationRef {
  accountId: number
  conversationId: number
}

const id = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0
    ? value
    : typeof value === 'string' && /^\d{1,15}$/.test(value)
      ? Number(value)
      : undefined

/**
 * The account id and conversation display id from an appContext message, or undefined for anything else.
 * Nothing else is taken from it: the message is unauthenticated, so it only says which conversation to ask
 * Parley about, and Parley answers only within the signed-in agent's stores.
 */
export function parseAppContext(raw: unknown): ConversationRef | undefined {
  if (typeof raw !== 'string') return undefined
  let message: unknown
  try {
    message = JSON.parse(raw)
  } catch {
    return undefined
  }
  if (!message || typeof message !== 'object') return undefined
  const { event, data } = message as { event?: unknown; data?: { conversation?: Record<string, unknown> } }
  if (event !== 'appContext' || !data?.conversation) return undefined
  const conversation = data.conversation
  const meta = conversation.meta as { account_id?: unknown } | undefined
  const accountId = id(conversation.account_id) ?? id(meta?.account_id)
  const conversationId = id(conversation.id) ?? id(conversation.display_id)
  if (!accountId || !conversationId) return undefined
  return { accountId, conversationId }
}

export interface AgentContext {
  store: { id: string; name: string }
  session: {
    id: string
    status: string
    summary: string
    lead_score: number | null
    sentiment: number | null
    language: string | null
    started_at: string
    last_message_at: string
    message_count: number
  } | null
  sentiment?: { at: string; value: number }[]
  contact?: {
    id: string
    name: string | null
    email: string | null
    phone: string | null
    external_id: string | null
    verified: boolean
    custom_attributes: Record<string, unknown>
  } | null
  past_sessions?: {
    id: string
    status: string
    started_at: string
    summary: string
    lead_score: number | null
  }[]
}
