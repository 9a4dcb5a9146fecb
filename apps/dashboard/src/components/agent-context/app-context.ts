import { Constants } from '@parley/supabase/database'
import { z } from 'zod'

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

const sessionStatus = z.enum(Constants.public.Enums.chat_session_status)

/**
 * What agent_context() returns. The database types it only as JSON, so the document is checked here: a
 * function that changed shape shows an error instead of a broken view.
 */
export const agentContextSchema = z.object({
  store: z.object({ id: z.string(), name: z.string() }),
  session: z
    .object({
      id: z.string(),
      status: sessionStatus,
      summary: z.string(),
      lead_score: z.number().nullable(),
      sentiment: z.number().nullable(),
      language: z.string().nullable(),
      started_at: z.string(),
      last_message_at: z.string(),
      message_count: z.number(),
    })
    .nullable(),
  sentiment: z.array(z.object({ at: z.string(), value: z.number() })).optional(),
  contact: z
    .object({
      id: z.string(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      external_id: z.string().nullable(),
      verified: z.boolean(),
      custom_attributes: z.record(z.string(), z.unknown()),
    })
    .nullable()
    .optional(),
  past_sessions: z
    .array(
      z.object({
        id: z.string(),
        status: sessionStatus,
        started_at: z.string(),
        summary: z.string(),
        lead_score: z.number().nullable(),
      }),
    )
    .optional(),
})

export type AgentContext = z.infer<typeof agentContextSchema>
