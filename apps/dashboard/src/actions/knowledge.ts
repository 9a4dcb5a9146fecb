'use server'

import type { TablesInsert } from '@parley/supabase/database'
import { revalidatePath } from 'next/cache'
import { type ActionState, failure, success } from '../lib/action-state.ts'
import {
  chatbotRef,
  documentRefSchema,
  knowledgePasteSchema,
  languageCode,
  maxDocumentChars,
  titleFromFileName,
  uploadProblem,
} from '../lib/chatbot/schemas.ts'
import { describeError } from '../lib/errors.ts'
import { parseForm } from '../lib/form.ts'
import { createClient } from '../lib/supabase/server.ts'

const chatbotPath = (storeId: string, chatbotId: string) => `/stores/${storeId}/chatbots/${chatbotId}`

/** Pasted text becomes one document; the database chunks and indexes it on insert. */
export async function addPastedDocument(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = parseForm(knowledgePasteSchema, formData, ['title', 'content', 'language'])
  if (!parsed.ok) return parsed.state
  const { storeId, chatbotId, title, content, language = null } = parsed.data
  const supabase = await createClient()
  const { error } = await supabase
    .from('knowledge_documents')
    .insert({ store_id: storeId, chatbot_id: chatbotId, title, content, language, source: 'paste' })
  if (error) {
    return failure(describeError(error, 'Could not save the document.'), { values: { title, content } })
  }
  revalidatePath(chatbotPath(storeId, chatbotId))
  return success(`Added "${title}".`)
}

/** Text files (.txt, .md), each checked for type and size before it is read. */
export async function uploadDocuments(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const ref = chatbotRef.safeParse({ storeId: formData.get('storeId'), chatbotId: formData.get('chatbotId') })
  if (!ref.success) return failure('This chatbot could not be found.')
  const language = languageCode.optional().safeParse(formData.get('language') || undefined)
  if (!language.success) return failure('Choose one of the chatbot’s languages.')
  const files = formData.getAll('files').filter((f): f is File => f instanceof File && f.name !== '')
  if (!files.length) return failure('Choose one or more .txt or .md files.')
  const problems = files.map(uploadProblem).filter(Boolean)
  if (problems.length) return failure(problems.join(' '))

  const rows: TablesInsert<'knowledge_documents'>[] = []
  for (const file of files) {
    const content = (await file.text()).replace(/^\uFEFF/, '').trim()
    if (!content) return failure(`${file.name} has no text.`)
    if (content.length > maxDocumentChars) return failure(`${file.name} has more than 500,000 characters.`)
    if (content.includes('\u0000')) return failure(`${file.name} does not look like a text file.`)
    rows.push({
      store_id: ref.data.storeId,
      chatbot_id: ref.data.chatbotId,
      title: titleFromFileName(file.name),
      content,
      language: language.data ?? null,
      source: 'upload',
    })
  }
  const supabase = await createClient()
  const { error } = await supabase.from('knowledge_documents').insert(rows)
  if (error) return failure(describeError(error, 'Could not upload the files.'))
  revalidatePath(chatbotPath(ref.data.storeId, ref.data.chatbotId))
  return success(`Uploaded ${rows.length} ${rows.length === 1 ? 'document' : 'documents'}.`)
}

export async function deleteDocument(input: {
  storeId: string
  chatbotId: string
  documentId: string
}): Promise<ActionState> {
  const parsed = documentRefSchema.safeParse(input)
  if (!parsed.success) return failure('That document could not be found.')
  const { storeId, chatbotId, documentId } = parsed.data
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('knowledge_documents')
    .delete()
    .eq('id', documentId)
    .eq('chatbot_id', chatbotId)
    .select('id')
  if (error) return failure(describeError(error, 'Could not delete the document.'))
  if (!data?.length) return failure('This document no longer exists, or you may not delete it.')
  revalidatePath(chatbotPath(storeId, chatbotId))
  return success('Document deleted.')
}
