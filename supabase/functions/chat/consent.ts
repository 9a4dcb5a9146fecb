// POST /chat/consent { chatbot, version, locale? } -> { recorded, version, language }: the visitor agreed to this
// version of the chatbot's consent text (the widget asks before it stores anything). Kept with the words they
// saw: the database picks the variant for the widget's locale as the widget did, never text from the client.

import type { Visitor } from './context.ts'
import { rpc } from './db.ts'
import { LanguageTag, z } from './schemas.ts'

export const ConsentInput = z.strictObject({
  chatbot: z.string().regex(/^[\w-]{1,64}$/),
  version: z.number().int().min(1),
  /** The language the widget showed the text in (its visitor's locale, as for sessions). */
  locale: LanguageTag.optional(),
})

export async function recordConsent(input: z.infer<typeof ConsentInput>, visitor: Visitor) {
  return await rpc<{ recorded: boolean; version: number; language: string | null }>('chat_record_consent', {
    p_visitor: visitor.id,
    p_public_id: input.chatbot,
    p_version: input.version,
    p_locale: input.locale ?? null,
  })
}
