'use server'

import { revalidatePath } from 'next/cache'
import { type ActionState, failure, success } from '../lib/action-state.ts'
import { parseFaqCsv } from '../lib/chatbot/faq-csv.ts'
import {
  addFaqSchema,
  faqRefSchema,
  importFaqsSchema,
  moveFaqSchema,
  updateFaqSchema,
} from '../lib/chatbot/schemas.ts'
import { describeError } from '../lib/errors.ts'
import { parseForm } from '../lib/form.ts'
import { createClient, type ServerClient } from '../lib/supabase/server.ts'

const chatbotPath = (storeId: string, chatbotId: string) => `/stores/${storeId}/chatbots/${chatbotId}`

/** The position after the chatbot's last FAQ, so new ones land at the end of the list. */
async function nextPosition(supabase: ServerClient, chatbotId: string): Promise<number> {
  const { data } = await supabase
    .from('faqs')
    .select('position')
    .eq('chatbot_id', chatbotId)
    .order('position', { ascending: false })
    .limit(1)
    .maybeSingle()
  return (data?.position ?? 0) + 1
}

export async function addFaq(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = parseForm(addFaqSchema, formData, ['question', 'answer', 'language'])
  if (!parsed.ok) return parsed.state
  const { storeId, chatbotId, question, answer, language = null } = parsed.data
  const supabase = await createClient()
  const position = await nextPosition(supabase, chatbotId)
  const { error } = await supabase
    .from('faqs')
    .insert({ store_id: storeId, chatbot_id: chatbotId, question, answer, position, language })
  if (error) return failure(describeError(error, 'Could not add the FAQ.'), { values: { question, answer } })
  revalidatePath(chatbotPath(storeId, chatbotId))
  return success('FAQ added.')
}

export async function updateFaq(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = parseForm(updateFaqSchema, formData, ['question', 'answer', 'language'])
  if (!parsed.ok) return parsed.state
  const { storeId, chatbotId, faqId, question, answer, language = null } = parsed.data
  const supabase = await createClient()
  // RLS turns a forbidden update into "0 rows", so ask for the row back to tell the two apart.
  const { data, error } = await supabase
    .from('faqs')
    .update({ question, answer, language })
    .eq('id', faqId)
    .eq('chatbot_id', chatbotId)
    .select('id')
  if (error) return failure(describeError(error, 'Could not save the FAQ.'), { values: { question, answer } })
  if (!data?.length) return failure('This FAQ no longer exists, or you may not change it.')
  revalidatePath(chatbotPath(storeId, chatbotId))
  return success('FAQ saved.')
}

export async function deleteFaq(input: { storeId: string; chatbotId: string; faqId: string }) {
  const parsed = faqRefSchema.safeParse(input)
  if (!parsed.success) return failure('That FAQ could not be found.')
  const { storeId, chatbotId, faqId } = parsed.data
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('faqs')
    .delete()
    .eq('id', faqId)
    .eq('chatbot_id', chatbotId)
    .select('id')
  if (error) return failure(describeError(error, 'Could not delete the FAQ.'))
  if (!data?.length) return failure('This FAQ no longer exists, or you may not delete it.')
  revalidatePath(chatbotPath(storeId, chatbotId))
  return success('FAQ deleted.')
}

/** Moves an FAQ one place up or down; positions are renumbered 1..n so ties from old data disappear. */
export async function moveFaq(input: {
  storeId: string
  chatbotId: string
  faqId: string
  direction: 'up' | 'down'
}): Promise<ActionState> {
  const parsed = moveFaqSchema.safeParse(input)
  if (!parsed.success) return failure('That FAQ could not be found.')
  const { storeId, chatbotId, faqId, direction } = parsed.data
  const supabase = await createClient()
  const { data: rows, error } = await supabase
    .from('faqs')
    .select('id, position')
    .eq('chatbot_id', chatbotId)
    .order('position', { ascending: true })
    .order('created_at', { ascending: true })
  if (error) return failure(describeError(error, 'Could not reorder the FAQs.'))
  const order = rows.map((r) => r.id)
  const from = order.indexOf(faqId)
  const to = direction === 'up' ? from - 1 : from + 1
  if (from < 0) return failure('This FAQ no longer exists.')
  if (to < 0 || to >= order.length) return success('Already in place.')
  ;[order[from], order[to]] = [order[to] as string, order[from] as string]
  const changed = order
    .map((id, i) => ({ id, position: i + 1 }))
    .filter(({ id, position }) => rows?.find((r) => r.id === id)?.position !== position)
  for (const { id, position } of changed) {
    const { data, error: updateError } = await supabase
      .from('faqs')
      .update({ position })
      .eq('id', id)
      .eq('chatbot_id', chatbotId)
      .select('id')
    if (updateError) return failure(describeError(updateError, 'Could not reorder the FAQs.'))
    if (!data?.length) return failure('You may not reorder these FAQs.')
  }
  revalidatePath(chatbotPath(storeId, chatbotId))
  return success(direction === 'up' ? 'Moved up.' : 'Moved down.')
}

/** Imports the valid rows of a CSV in one insert (all or nothing); invalid rows are reported, not sent. */
export async function importFaqs(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = parseForm(importFaqsSchema, formData)
  if (!parsed.ok) return failure(parsed.state.fieldErrors?.csv?.join(' ') ?? 'Choose a CSV file first.')
  const { storeId, chatbotId, csv } = parsed.data
  const { accepted, rejected, error: csvError } = parseFaqCsv(csv)
  if (csvError) return failure(csvError)
  if (!accepted.length) return failure('No row of this file can be imported. Fix the rows listed below.')
  const supabase = await createClient()
  const start = await nextPosition(supabase, chatbotId)
  const { data, error } = await supabase
    .from('faqs')
    .insert(
      accepted.map((row, i) => ({
        store_id: storeId,
        chatbot_id: chatbotId,
        question: row.question,
        answer: row.answer,
        position: start + i,
      })),
    )
    .select('id')
  if (error) return failure(describeError(error, 'Could not import the FAQs.'))
  revalidatePath(chatbotPath(storeId, chatbotId))
  const count = data?.length ?? accepted.length
  const skipped = rejected.length
    ? `; ${rejected.length} ${rejected.length === 1 ? 'row was' : 'rows were'} skipped`
    : ''
  return success(`Imported ${count} ${count === 1 ? 'FAQ' : 'FAQs'}${skipped}.`)
}
