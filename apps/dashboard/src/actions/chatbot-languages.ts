'use server'

import { revalidatePath } from 'next/cache'
import { type ActionState, failure, success } from '../lib/action-state.ts'
import { languageSettingsSchema } from '../lib/chatbot/schemas.ts'
import { describeError } from '../lib/errors.ts'
import { createClient } from '../lib/supabase/server.ts'

/**
 * Saves the chatbot's languages and its greeting in each: the first language's greeting is `greeting` (what
 * every visitor without a greeting in their language sees), the others go to `greetings`.
 */
export async function updateLanguages(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const greetings: Record<string, string> = {}
  for (const [key, value] of formData.entries()) {
    if (key.startsWith('greeting:') && typeof value === 'string')
      greetings[key.slice('greeting:'.length)] = value
  }
  const parsed = languageSettingsSchema.safeParse({
    storeId: formData.get('storeId'),
    chatbotId: formData.get('chatbotId'),
    languages: String(formData.get('languages') ?? ''),
    greetings,
  })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return failure(issue?.message ?? 'Please check the languages and greetings.')
  }
  const { storeId, chatbotId, languages } = parsed.data
  const [main = 'en', ...others] = languages
  const greeting = parsed.data.greetings[main] ?? ''
  const byLanguage = Object.fromEntries(
    others.flatMap((l) => (parsed.data.greetings[l]?.trim() ? [[l, parsed.data.greetings[l]?.trim()]] : [])),
  )
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('chatbots')
    .update({ languages, greeting, greetings: byLanguage })
    .eq('id', chatbotId)
    .eq('store_id', storeId)
    .select('id')
  if (error) return failure(describeError(error, 'Could not save the languages.'))
  if (!data?.length) return failure('Only owners and admins can change the chatbot.')
  revalidatePath(`/stores/${storeId}/chatbots/${chatbotId}`)
  return success('Languages saved.')
}
