// POST /chat/sessions: start or resume a session for a chatbot, optionally as a verified contact. All of it
// (identity check, limits, contact and its capped attributes, session) is one SQL function, one transaction.
import type { Visitor } from './context.ts'
import { rpc } from './db.ts'
import { chatLimits } from './limits.ts'
import type { SessionInput } from './schemas.ts'

export interface Started {
  session: { id: string; status: string; chatbot_id: string; started_at: string }
  contact: { id: string; verified: boolean }
}

export function startSession(input: SessionInput, visitor: Visitor): Promise<Started> {
  return rpc<Started>('chat_start_session', {
    p_visitor: visitor.id,
    p_ip: visitor.ip,
    p_input: input,
    p_limits: chatLimits,
  })
}
