'use server'

import { LeadScoring, PrechatForm } from '@parley/supabase/leads'
import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { type ActionState, failure, success } from '../lib/action-state.ts'
import { chatbotRef } from '../lib/chatbot/schemas.ts'
import { describeError } from '../lib/errors.ts'
import { createClient } from '../lib/supabase/server.ts'

// The editor sends the whole form and lead configuration as JSON; it is checked with the same schemas the
// widget and the chat function read it with, so what is saved is what they show and score.
const Config = z.strictObject({ form: PrechatForm, scoring: LeadScoring })

/** The first problem of a configuration, as a sentence with where it is ("Field 2: ..."). */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'The configuration is not valid.'
  const [part, index, key] = issue.path
  const where =
    part === 'form' && index === 'fields' && typeof key === 'number'
      ? `Field ${key + 1}`
      : part === 'scoring' && typeof key === 'number'
        ? `${index === 'rules' ? 'Rule' : 'Tier'} ${key + 1}`
        : issue.path.join(' › ')
  return `${where}: ${issue.message}`
}

export async function updateLeadForm(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const ref = chatbotRef.safeParse({ storeId: formData.get('storeId'), chatbotId: formData.get('chatbotId') })
  if (!ref.success) return failure('This chatbot could not be found.')
  const raw = String(formData.get('config') ?? '')
  if (raw.length > 200_000) return failure('The configuration is too large.')
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    return failure('The configuration could not be read.')
  }
  const parsed = Config.safeParse(json)
  if (!parsed.success) return failure(describeIssue(parsed.error))
  const { form, scoring } = parsed.data
  const keys = form.fields.map((f) => f.key)
  const twice = keys.find((k, i) => keys.indexOf(k) !== i)
  if (twice) return failure(`Two fields use the key "${twice}": each answer needs its own.`)

  const { storeId, chatbotId } = ref.data
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('chatbots')
    .update({ prechat_form: form, lead_scoring: scoring })
    .eq('id', chatbotId)
    .eq('store_id', storeId)
    .select('id')
  if (error) return failure(describeError(error, 'Could not save the form and lead rules.'))
  if (!data?.length) return failure('Only owners and admins can change the chatbot.')
  revalidatePath(`/stores/${storeId}/chatbots/${chatbotId}`)
  return success('Form and lead rules saved.')
}
