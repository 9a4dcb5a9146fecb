// POST /chat/consent { chatbot, version } -> { recorded, version }: the visitor agreed to this version of the
// chatbot's consent text (the widget asks before it stores anything). Kept with the words they saw.

import type { Visitor } from './context.ts'
import { rpc } from './db.ts'
import { z } from './schemas.ts'

export const ConsentInput = z.strictObject({
  chatbot: z.string().regex(/^[\w-]{1,64}$/),
  version: z.number().int().min(1),
})

export async function recordConsent(input: z.infer<typeof ConsentInput>, visitor: Visitor) {
  return await rpc<{ recorded: boolean; version: number }>('chat_record_consent', {
    p_visitor: visitor.id,
    p_public_id: input.chatbot,
    p_version: input.version,
  })
}
