'use server'

import { revalidatePath } from 'next/cache'
import { type ActionState, failure, success } from '../lib/action-state.ts'
import { botOffersSchema } from '../lib/chatbot/bot-offers.ts'
import { describeError } from '../lib/errors.ts'
import { createClient } from '../lib/supabase/server.ts'

/** Saves what the bot may offer by itself: the booking link, and the items a shopper can pay for. */
export async function updateBotOffers(_prev: ActionState, formData: FormData): Promise<ActionState> {
  let payables: unknown
  try {
    payables = JSON.parse(String(formData.get('payables') ?? '[]'))
  } catch {
    return failure('Please check the payable items.')
  }
  const parsed = botOffersSchema.safeParse({
    storeId: formData.get('storeId'),
    chatbotId: formData.get('chatbotId'),
    booking: formData.get('booking') === 'on',
    payables,
  })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const which =
      issue?.path[0] === 'payables' && typeof issue.path[1] === 'number' ? issue.path[1] + 1 : null
    return failure(`${which ? `Item ${which}: ` : ''}${issue?.message ?? 'Please check the offers.'}`)
  }
  const { storeId, chatbotId, booking, payables: items } = parsed.data
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('chatbots')
    .update({ bot_offers_booking: booking, bot_payables: items })
    .eq('id', chatbotId)
    .eq('store_id', storeId)
    .select('id')
  if (error) return failure(describeError(error, 'Could not save the offers.'))
  if (!data?.length) return failure('Only owners and admins can change the chatbot.')
  revalidatePath(`/stores/${storeId}/chatbots/${chatbotId}`)
  return success('Offers saved.')
}
