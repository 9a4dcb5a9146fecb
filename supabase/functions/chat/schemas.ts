import { z } from 'zod'

// Strict objects: a field we do not know is refused (400) rather than silently dropped.
const attributeValue = z.union([z.string().max(1000), z.number().finite(), z.boolean()])

/** The visitor's language as the widget chose it. */
export const LanguageTag = z
  .string()
  .max(35)
  .regex(/^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$/, 'must be a language tag like en or de-AT')

export const SessionInput = z.strictObject({
  chatbot: z.string().min(1).max(64),
  session_id: z.guid().optional(),
  identity: z
    .strictObject({
      identifier: z.string().trim().min(1).max(255),
      identifier_hash: z.string().max(256),
      email: z.email().max(320).optional(),
      name: z.string().trim().max(200).optional(),
    })
    .optional(),
  attributes: z
    .record(z.string().min(1).max(100), attributeValue)
    .refine((a) => Object.keys(a).length <= 50, 'at most 50 attributes')
    .optional(),
  language: LanguageTag.optional(),
})
export type SessionInput = z.infer<typeof SessionInput>

export const MessageInput = z.strictObject({
  session_id: z.guid(),
  content: z.string().trim().min(1).max(4000),
  client_id: z.guid(),
})
export type MessageInput = z.infer<typeof MessageInput>

/** The form's own checks run in the chat function once it knows the chatbot's form (form.ts). */
export const FormInput = z.strictObject({
  session_id: z.guid(),
  answers: z
    .record(z.string().min(1).max(40), z.union([z.string().max(1000), z.number().finite(), z.boolean()]))
    .refine((a) => Object.keys(a).length <= 20, 'at most 20 answers'),
  locale: LanguageTag.optional(),
})
export type FormInput = z.infer<typeof FormInput>

export { z }
