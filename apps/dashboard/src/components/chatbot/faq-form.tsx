'use client'

import { Button, Flex, TextField } from '@radix-ui/themes'
import { useActionState, useEffect, useId, useRef } from 'react'
import { addFaq, updateFaq } from '../../actions/faqs.ts'
import { idle } from '../../lib/action-state.ts'
import type { Faq } from '../../lib/chatbot/types.ts'
import { Field } from '../field.tsx'
import { FormMessage } from '../form-message.tsx'
import { SubmitButton } from '../submit-button.tsx'
import { LanguagePicker } from './language-picker.tsx'
import { TextAreaField } from './textarea-field.tsx'

type Props = {
  storeId: string
  chatbotId: string
  /** Editing an existing FAQ; without it the form adds one. */
  faq?: Faq
  /** A new FAQ's question, filled in (a question shoppers asked that the bot could not answer). */
  initialQuestion?: string
  /** the chatbot's languages, main first: with more than one, the FAQ's language is chosen here */
  languages?: string[]
  onDone?: () => void
}

export function FaqForm({ storeId, chatbotId, faq, initialQuestion, languages = [], onDone }: Props) {
  const [state, action] = useActionState(faq ? updateFaq : addFaq, idle)
  const idPrefix = useId()
  const formRef = useRef<HTMLFormElement>(null)
  useEffect(() => {
    if (state.status !== 'success') return
    if (faq || initialQuestion !== undefined) onDone?.()
    else formRef.current?.reset()
  }, [state, faq, onDone, initialQuestion])
  return (
    <form ref={formRef} action={action} noValidate aria-label={faq ? 'Edit FAQ' : 'Add an FAQ'}>
      <input type="hidden" name="storeId" value={storeId} />
      <input type="hidden" name="chatbotId" value={chatbotId} />
      {faq ? <input type="hidden" name="faqId" value={faq.id} /> : null}
      <Flex direction="column" gap="3">
        <Field id={`${idPrefix}-question`} label="Question" errors={state.fieldErrors?.question}>
          {(control) => (
            <TextField.Root
              {...control}
              name="question"
              maxLength={500}
              required
              defaultValue={state.values?.question ?? faq?.question ?? initialQuestion}
            />
          )}
        </Field>
        {languages.length > 1 ? (
          <LanguagePicker
            label="Language"
            name="language"
            languages={languages}
            value={state.values?.language || faq?.language || languages[0] || 'en'}
          />
        ) : null}
        <TextAreaField
          idPrefix={idPrefix}
          name="answer"
          label="Answer"
          rows={4}
          maxLength={5000}
          required
          defaultValue={state.values?.answer ?? faq?.answer}
          errors={state.fieldErrors?.answer}
        />
        <FormMessage state={state} />
        <Flex gap="2">
          <SubmitButton>{faq ? 'Save FAQ' : 'Add FAQ'}</SubmitButton>
          {faq ? (
            <Button type="button" variant="soft" color="gray" onClick={onDone}>
              Cancel
            </Button>
          ) : null}
        </Flex>
      </Flex>
    </form>
  )
}
