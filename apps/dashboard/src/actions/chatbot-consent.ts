'use server'

import { revalidatePath } from 'next/cache'
import { type ActionState, failure, success } from '../lib/action-state.ts'
import { consentSettingsSchema } from '../lib/chatbot/schemas.ts'
import { describeError } from '../lib/errors.ts'
import { createClient } from '../lib/supabase/server.ts'

/**
 * Switches consent before the chat on or off and saves its text per language: the main language's is
 * `consent_text`, the others `consent_texts`. A changed text is a new version (the database counts it), which
 * every visitor is asked again.
 */
export async function updateConsent(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const texts: Record<string, string> = {}
  for (const [key, value] of formData.entries()) {
    if (key.startsWith('consent:') && typeof value === 'string') texts[key.slice('consent:'.length)] = value
  }
  const parsed = consentSettingsSchema.safeParse({
    storeId: formData.get('storeId'),
    chatbotId: formData.get('chatbotId'),
    required: formData.get('required') ?? undefined,
    main: formData.get('main'),
    texts,
  })
  if (!parsed.success) return failure(parsed.error.issues[0]?.message ?? 'Please check the consent text.')
  const { storeId, chatbotId, main, required } = parsed.data
  const others = Object.fromEntries(
    Object.entries(parsed.data.texts).filter(([l, text]) => l !== main && text !== ''),
  )
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('chatbots')
    .update({
      consent_required: required === 'on',
      consent_text: parsed.data.texts[main] ?? '',
      consent_texts: others,
    })
    .eq('id', chatbotId)
    .eq('store_id', storeId)
    .select('consent_version')
  if (error) return failure(describeError(error, 'Could not save the consent settings.'))
  const saved = data?.[0]
  if (!saved) return failure('Only owners and admins can change the chatbot.')
  revalidatePath(`/stores/${storeId}/chatbots/${chatbotId}`)
  return success(`Consent settings saved (text version ${saved.consent_version}).`)
}
