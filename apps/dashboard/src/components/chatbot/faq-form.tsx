'use client'

import { Button, Flex, Text, TextField } from '@radix-ui/themes'
import { useActionState, useEffect, useId, useRef } from 'react'
import { addFaq, updateFaq } from '../../actions/faqs.ts'
import { idle } from '../../lib/action-state.ts'
import type { Faq } from '../../lib/chatbot/types.ts'
import { FormMessage } from '../form-message.tsx'
import { SubmitButton } from '../submit-button.tsx'
import { TextAreaField } from './textarea-field.tsx'

type Props = {
  storeId: string
  chatbotId: string
  /** Editing an existing FAQ; without it the form adds one. */
  faq?: Faq
  onDone?: () => void
}

export function FaqForm({ storeId, chatbotId, faq, onDone }: Props) {
  const [state, action] = useActionState(faq ? updateFaq : addFaq, idle)
  const idPrefix = useId()
  const formRef = useRef<HTMLFormElement>(null)
  useEffect(() => {
    if (state.status !== 'success') return
    if (faq) onDone?.()
    else formRef.current?.reset()
  }, [state, faq, onDone])
  const questionId = `${idPrefix}-question`
  const questionErrors = state.fieldErrors?.question
  return (
    <form ref={formRef} action={action} noValidate aria-label={faq ? 'Edit FAQ' : 'Add an FAQ'}>
      <input type="hidden" name="storeId" value={storeId} />
      <input type="hidden" name="chatbotId" value={chatbotId} />
      {faq ? <input type="hidden" name="faqId" value={faq.id} /> : null}
      <Flex direction="column" gap="3">
        <Flex direction="column" gap="1">
          <Text as="label" htmlFor={questionId} size="2" weight="medium">
            Question
          </Text>
          <TextField.Root
            id={questionId}
            name="question"
            maxLength={500}
            required
            defaultValue={state.values?.question ?? faq?.question}
            aria-invalid={questionErrors ? true : undefined}
            aria-describedby={questionErrors ? `${questionId}-error` : undefined}
          />
          {questionErrors ? (
            <Text id={`${questionId}-error`} size="1" color="red">
              {questionErrors.join(' ')}
            </Text>
          ) : null}
        </Flex>
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
