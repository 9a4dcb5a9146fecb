'use client'

import { ArrowDownIcon, ArrowUpIcon, Pencil1Icon, TrashIcon } from '@radix-ui/react-icons'
import { AlertDialog, Badge, Button, Card, Flex, IconButton, Text } from '@radix-ui/themes'
import { useState, useTransition } from 'react'
import { deleteFaq, moveFaq } from '../../actions/faqs.ts'
import { type ActionState, idle } from '../../lib/action-state.ts'
import type { Faq } from '../../lib/chatbot/types.ts'
import { EmptyState } from '../empty-state.tsx'
import { FormMessage } from '../form-message.tsx'
import { FaqForm } from './faq-form.tsx'
import { LanguagePicker } from './language-picker.tsx'

type Props = {
  storeId: string
  chatbotId: string
  faqs: Faq[]
  canEdit: boolean
  /** the chatbot's languages, main first: with more than one, the list can show one language's FAQs */
  languages?: string[]
}

export function FaqList({ storeId, chatbotId, faqs: all, canEdit, languages = [] }: Props) {
  const [editing, setEditing] = useState<string | null>(null)
  const [language, setLanguage] = useState('all')
  const main = languages[0] ?? 'en'
  const faqs = language === 'all' ? all : all.filter((f) => (f.language ?? main) === language)
  const [pending, startTransition] = useTransition()
  const [state, setState] = useState<ActionState>(idle)

  if (all.length === 0) {
    return (
      <EmptyState title="No FAQs yet">
        {canEdit ? 'Add one below or import a CSV file.' : 'Owners and admins can add them.'}
      </EmptyState>
    )
  }
  const run = (task: () => Promise<ActionState>) =>
    startTransition(async () => {
      const result = await task()
      setState(result.status === 'error' ? result : idle)
    })
  const ref = { storeId, chatbotId }

  return (
    <Flex direction="column" gap="2">
      {languages.length > 1 ? (
        <LanguagePicker
          label="Show FAQs in"
          languages={languages}
          value={language}
          onChange={setLanguage}
          all={{ value: 'all', label: 'All languages' }}
        />
      ) : null}
      <FormMessage state={state} />
      <Flex asChild direction="column" gap="2" m="0" p="0">
        <ol aria-label="FAQs" aria-busy={pending} style={{ listStyle: 'none' }}>
          {faqs.map((faq, index) => (
            <li key={faq.id} data-testid="faq-item">
              <Card>
                {editing === faq.id ? (
                  <FaqForm
                    storeId={storeId}
                    chatbotId={chatbotId}
                    faq={faq}
                    languages={languages}
                    onDone={() => setEditing(null)}
                  />
                ) : (
                  <Flex gap="3" justify="between" align="start">
                    <Flex direction="column" gap="1" minWidth="0">
                      <Flex gap="2" align="center">
                        {languages.length > 1 ? (
                          <Badge variant="soft" color="gray" aria-label={`Language: ${faq.language ?? main}`}>
                            {faq.language ?? main}
                          </Badge>
                        ) : null}
                        <Text weight="medium" data-testid="faq-question">
                          {faq.question}
                        </Text>
                      </Flex>
                      <Text size="2" color="gray" style={{ whiteSpace: 'pre-wrap' }}>
                        {faq.answer}
                      </Text>
                    </Flex>
                    {canEdit ? (
                      <Flex gap="1" flexShrink="0" wrap="wrap" justify="end" style={{ maxWidth: 72 }}>
                        <IconButton
                          size="1"
                          variant="ghost"
                          aria-label={`Move up: ${faq.question}`}
                          disabled={pending || index === 0}
                          onClick={() => run(() => moveFaq({ ...ref, faqId: faq.id, direction: 'up' }))}
                        >
                          <ArrowUpIcon />
                        </IconButton>
                        <IconButton
                          size="1"
                          variant="ghost"
                          aria-label={`Move down: ${faq.question}`}
                          disabled={pending || index === faqs.length - 1}
                          onClick={() => run(() => moveFaq({ ...ref, faqId: faq.id, direction: 'down' }))}
                        >
                          <ArrowDownIcon />
                        </IconButton>
                        <IconButton
                          size="1"
                          variant="ghost"
                          aria-label={`Edit: ${faq.question}`}
                          onClick={() => setEditing(faq.id)}
                        >
                          <Pencil1Icon />
                        </IconButton>
                        <DeleteFaqButton
                          question={faq.question}
                          disabled={pending}
                          onConfirm={() => run(() => deleteFaq({ ...ref, faqId: faq.id }))}
                        />
                      </Flex>
                    ) : null}
                  </Flex>
                )}
              </Card>
            </li>
          ))}
        </ol>
      </Flex>
    </Flex>
  )
}

function DeleteFaqButton(props: { question: string; disabled: boolean; onConfirm: () => void }) {
  return (
    <AlertDialog.Root>
      <AlertDialog.Trigger>
        <IconButton
          size="1"
          variant="ghost"
          color="red"
          aria-label={`Delete: ${props.question}`}
          disabled={props.disabled}
        >
          <TrashIcon />
        </IconButton>
      </AlertDialog.Trigger>
      <AlertDialog.Content maxWidth="420px">
        <AlertDialog.Title>Delete this FAQ?</AlertDialog.Title>
        <AlertDialog.Description size="2">
          “{props.question}” stops being an answer the chatbot gives.
        </AlertDialog.Description>
        <Flex gap="3" justify="end" mt="4">
          <AlertDialog.Cancel>
            <Button variant="soft" color="gray">
              Cancel
            </Button>
          </AlertDialog.Cancel>
          <AlertDialog.Action>
            <Button color="red" onClick={props.onConfirm}>
              Delete FAQ
            </Button>
          </AlertDialog.Action>
        </Flex>
      </AlertDialog.Content>
    </AlertDialog.Root>
  )
}
