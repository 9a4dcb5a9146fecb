'use client'

import { Flex, Text } from '@radix-ui/themes'
import { useActionState, useEffect, useId, useRef, useState } from 'react'
import { addPastedDocument, uploadDocuments } from '../../actions/knowledge.ts'
import { idle } from '../../lib/action-state.ts'
import { maxDocumentChars, maxUploadBytes, uploadProblem } from '../../lib/chatbot/schemas.ts'
import { FormMessage } from '../form-message.tsx'
import { SubmitButton } from '../submit-button.tsx'
import { TextInput } from '../text-input.tsx'
import { LanguagePicker } from './language-picker.tsx'
import { TextAreaField } from './textarea-field.tsx'

type Ref = {
  storeId: string
  chatbotId: string
  /** the chatbot's languages, main first: with more than one, the document's language is chosen here */
  languages?: string[]
}

/** The language a document is written in (retrieval prefers the visitor's); only with several languages. */
function DocumentLanguage({ languages, value }: { languages: string[]; value?: string }) {
  if (languages.length < 2) return null
  return (
    <LanguagePicker
      label="Language"
      name="language"
      languages={languages}
      value={value || languages[0] || 'en'}
    />
  )
}

/** Server actions accept bodies up to 1 MB, so several files together stay below that. */
const maxTotalBytes = 900 * 1024

export function KnowledgePasteForm({ storeId, chatbotId, languages = [] }: Ref) {
  const [state, action] = useActionState(addPastedDocument, idle)
  const idPrefix = useId()
  const formRef = useRef<HTMLFormElement>(null)
  useEffect(() => {
    if (state.status === 'success') formRef.current?.reset()
  }, [state])
  return (
    <form ref={formRef} action={action} noValidate aria-label="Paste a document">
      <input type="hidden" name="storeId" value={storeId} />
      <input type="hidden" name="chatbotId" value={chatbotId} />
      <Flex direction="column" gap="3">
        <TextInput
          name="title"
          label="Title"
          size="2"
          maxLength={200}
          placeholder="Size guide"
          defaultValue={state.values?.title}
          errors={state.fieldErrors?.title}
        />
        <DocumentLanguage languages={languages} value={state.values?.language} />
        <TextAreaField
          idPrefix={idPrefix}
          name="content"
          label="Text"
          rows={8}
          maxLength={maxDocumentChars}
          placeholder="Paste product information, policies or guides…"
          defaultValue={state.values?.content}
          errors={state.fieldErrors?.content}
          hint="Split into passages and indexed for search as soon as it is saved."
        />
        <FormMessage state={state} />
        <Flex>
          <SubmitButton>Add document</SubmitButton>
        </Flex>
      </Flex>
    </form>
  )
}

export function KnowledgeUploadForm({ storeId, chatbotId, languages = [] }: Ref) {
  const [state, action] = useActionState(uploadDocuments, idle)
  const [problem, setProblem] = useState('')
  const [chosen, setChosen] = useState(0)
  const [inputKey, setInputKey] = useState(0)
  const inputId = useId()
  useEffect(() => {
    if (state.status === 'success') {
      setChosen(0)
      setInputKey((k) => k + 1)
    }
  }, [state])
  function check(files: FileList | null) {
    const list = [...(files ?? [])]
    const problems = list.map(uploadProblem).filter(Boolean)
    const total = list.reduce((sum, f) => sum + f.size, 0)
    if (!problems.length && total > maxTotalBytes) {
      problems.push(`Together these files are larger than ${maxTotalBytes / 1024} KB; upload them in turns.`)
    }
    setProblem(problems.join(' '))
    setChosen(problems.length ? 0 : list.length)
  }
  return (
    <form action={action} aria-label="Upload documents">
      <input type="hidden" name="storeId" value={storeId} />
      <input type="hidden" name="chatbotId" value={chatbotId} />
      <Flex direction="column" gap="3">
        <Flex direction="column" gap="1">
          <Text as="label" htmlFor={inputId} size="2" weight="medium">
            Text files
          </Text>
          <input
            key={inputKey}
            id={inputId}
            name="files"
            type="file"
            multiple
            accept=".txt,.md,.markdown,text/plain,text/markdown"
            aria-describedby={`${inputId}-hint${problem ? ` ${inputId}-error` : ''}`}
            aria-invalid={problem ? true : undefined}
            onChange={(e) => check(e.currentTarget.files)}
          />
          <Text id={`${inputId}-hint`} size="1" color="gray">
            .txt or .md, up to {maxUploadBytes / 1024} KB each. Each file becomes one document.
          </Text>
          {problem ? (
            <Text id={`${inputId}-error`} size="1" color="red" role="alert">
              {problem}
            </Text>
          ) : null}
        </Flex>
        <DocumentLanguage languages={languages} />
        <FormMessage state={state} />
        <Flex>
          <SubmitButton disabled={!chosen}>{chosen > 1 ? `Upload ${chosen} files` : 'Upload'}</SubmitButton>
        </Flex>
      </Flex>
    </form>
  )
}
