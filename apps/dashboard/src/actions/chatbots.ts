'use server'

import type { TablesUpdate } from '@parley/supabase/database'
import { FunctionsHttpError } from '@supabase/supabase-js'
import { revalidatePath } from 'next/cache'
import { redirect } from 'next/navigation'
import { type ActionState, failure, success } from '../lib/action-state.ts'
import { providerAddressProblem } from '../lib/chatbot/provider-address.ts'
import {
  aiSettingsSchema,
  appearanceSchema,
  chatbotRef,
  createChatbotSchema,
} from '../lib/chatbot/schemas.ts'
import { describeError } from '../lib/errors.ts'
import { parseForm } from '../lib/form.ts'
import { jsonObject } from '../lib/json.ts'
import { createClient, type ServerClient } from '../lib/supabase/server.ts'

/** Sets or removes the key through the chatbot-secrets function; a sentence when it did not. */
async function storeApiKey(
  supabase: ServerClient,
  key: { storeId: string; chatbotId: string; apiKey: string | null },
): Promise<string | null> {
  const { error } = await supabase.functions.invoke('chatbot-secrets', {
    body: { store_id: key.storeId, chatbot_id: key.chatbotId, api_key: key.apiKey },
  })
  if (!error) return null
  const answer: { message?: unknown } | undefined =
    error instanceof FunctionsHttpError ? await error.context.json().catch(() => undefined) : undefined
  return typeof answer?.message === 'string' ? answer.message : describeError(error, 'please try again.')
}

export async function createChatbot(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = parseForm(createChatbotSchema, formData, ['name'])
  if (!parsed.ok) return parsed.state
  const { storeId, name } = parsed.data
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('chatbots')
    .insert({ store_id: storeId, name })
    .select('id')
    .single()
  if (error) return failure(describeError(error, 'Could not create the chatbot.'), { values: { name } })
  redirect(`/stores/${storeId}/chatbots/${data.id}`)
}

/** Saves name, greeting and theme; theme keys we do not edit here (from older data) are kept. */
export async function updateAppearance(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const keep = ['name', 'color', 'position', 'title', 'greeting', 'avatarUrl']
  const parsed = parseForm(appearanceSchema, formData, keep)
  if (!parsed.ok) return parsed.state
  const { storeId, chatbotId, name, color, position, title, greeting, avatarUrl } = parsed.data
  const values = { name, color, position, title, greeting, avatarUrl }
  const supabase = await createClient()
  const { data: current, error: readError } = await supabase
    .from('chatbots')
    .select('theme')
    .eq('id', chatbotId)
    .eq('store_id', storeId)
    .maybeSingle()
  if (readError || !current)
    return failure(describeError(readError, 'This chatbot could not be found.'), { values })
  const { avatarUrl: _a, title: _t, ...rest } = jsonObject(current.theme)
  const theme = {
    ...rest,
    color,
    position,
    ...(title ? { title } : {}),
    ...(avatarUrl ? { avatarUrl } : {}),
  }
  const { data, error } = await supabase
    .from('chatbots')
    .update({ name, greeting, theme })
    .eq('id', chatbotId)
    .eq('store_id', storeId)
    .select('id')
  if (error) return failure(describeError(error, 'Could not save the appearance.'), { values })
  if (!data?.length) return failure('Only owners and admins can change the chatbot.', { values })
  revalidatePath(`/stores/${storeId}/chatbots/${chatbotId}`)
  return success('Appearance saved.')
}

/** The identity secret, read on demand so it never sits in a page's HTML; RLS shows it to owners and admins. */
export async function revealIdentitySecret(input: {
  storeId: string
  chatbotId: string
}): Promise<{ ok: true; secret: string } | { ok: false; error: string }> {
  const parsed = chatbotRef.safeParse(input)
  if (!parsed.success) return { ok: false, error: 'This chatbot could not be found.' }
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('chatbot_secrets')
    .select('identity_secret')
    .eq('chatbot_id', parsed.data.chatbotId)
    .eq('store_id', parsed.data.storeId)
    .maybeSingle()
  if (error) return { ok: false, error: describeError(error, 'Could not read the secret.') }
  if (!data) return { ok: false, error: 'Only owners and admins can see the identity secret.' }
  return { ok: true, secret: data.identity_secret }
}

/**
 * Provider, model and limits. The API key is write-only: an empty field keeps the stored key, "remove"
 * clears it, and it is never read back (the column is not even selectable by dashboard users). It goes to
 * the chatbot-secrets function, which encrypts it with the key only the functions hold and checks (with
 * this user's token) that they own or administer the store.
 */
export async function updateAiSettings(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const keep = ['provider', 'baseUrl', 'model', 'timeoutMs', 'maxTokens']
  const parsed = parseForm(aiSettingsSchema, formData, keep)
  if (!parsed.ok) return parsed.state
  const { storeId, chatbotId, provider, baseUrl, model, apiKey, clearKey, timeoutMs, maxTokens } = parsed.data
  const values = { provider, baseUrl, model, timeoutMs: String(timeoutMs), maxTokens: String(maxTokens) }
  const addressProblem = provider ? await providerAddressProblem(baseUrl) : null
  if (addressProblem) {
    return failure('Please fix the highlighted fields.', {
      fieldErrors: { baseUrl: [addressProblem] },
      values,
    })
  }
  const patch: TablesUpdate<'chatbot_ai_settings'> = {
    provider: provider || null,
    base_url: baseUrl || null,
    model: model || null,
    timeout_ms: timeoutMs,
    max_tokens: maxTokens,
  }
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('chatbot_ai_settings')
    .update(patch)
    .eq('chatbot_id', chatbotId)
    .eq('store_id', storeId)
    .select('chatbot_id')
  if (error) return failure(describeError(error, 'Could not save the AI settings.'), { values })
  if (!data?.length) return failure('Only owners and admins can change the AI settings.', { values })
  if (clearKey || apiKey) {
    const keyProblem = await storeApiKey(supabase, { storeId, chatbotId, apiKey: clearKey ? null : apiKey })
    if (keyProblem) {
      revalidatePath(`/stores/${storeId}/chatbots/${chatbotId}`)
      return failure(`The other settings were saved, but not the key: ${keyProblem}`, { values })
    }
  }
  revalidatePath(`/stores/${storeId}/chatbots/${chatbotId}`)
  if (!provider) return success('Saved: answers come from your FAQs and knowledge only.')
  return success(
    clearKey ? 'Saved; the API key was removed.' : apiKey ? 'Saved with the new API key.' : 'Saved.',
  )
}
