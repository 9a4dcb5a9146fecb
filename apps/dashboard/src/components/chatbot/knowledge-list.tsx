'use client'

import { TrashIcon } from '@radix-ui/react-icons'
import { AlertDialog, Badge, Button, Card, Flex, IconButton, Text } from '@radix-ui/themes'
import { useState, useTransition } from 'react'
import { deleteDocument } from '../../actions/knowledge.ts'
import { type ActionState, idle } from '../../lib/action-state.ts'
import { languageName } from '../../lib/chatbot/languages.ts'
import type { KnowledgeDocument } from '../../lib/chatbot/types.ts'
import { EmptyState } from '../empty-state.tsx'
import { FormMessage } from '../form-message.tsx'
import { LocalDate } from '../local-format.tsx'

const dateOptions: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }

type Props = {
  storeId: string
  chatbotId: string
  documents: KnowledgeDocument[]
  canEdit: boolean
  /** the chatbot's languages, main first: with more than one, each document shows its language */
  languages?: string[]
}

export function KnowledgeList({ storeId, chatbotId, documents, canEdit, languages = [] }: Props) {
  const [pending, startTransition] = useTransition()
  const [state, setState] = useState<ActionState>(idle)
  if (documents.length === 0) {
    return (
      <EmptyState title="No knowledge documents yet">
        {canEdit ? 'Paste text or upload .txt and .md files below.' : 'Owners and admins can add them.'}
      </EmptyState>
    )
  }
  const remove = (documentId: string) =>
    startTransition(async () => {
      const result = await deleteDocument({ storeId, chatbotId, documentId })
      setState(result.status === 'error' ? result : idle)
    })
  return (
    <Flex direction="column" gap="2">
      <FormMessage state={state} />
      <Flex asChild direction="column" gap="2" m="0" p="0">
        <ul aria-label="Knowledge documents" aria-busy={pending} style={{ listStyle: 'none' }}>
          {documents.map((doc) => (
            <li key={doc.id} data-testid="knowledge-item">
              <Card>
                <Flex justify="between" align="center" gap="3">
                  <Flex direction="column" minWidth="0">
                    <Text weight="medium" className="truncate" data-testid="knowledge-title">
                      {doc.title}
                    </Text>
                    <Flex gap="2" align="center" wrap="wrap">
                      <Badge
                        variant="soft"
                        color={doc.chunks ? 'green' : 'amber'}
                        data-testid="knowledge-chunks"
                      >
                        {doc.chunks} {doc.chunks === 1 ? 'chunk' : 'chunks'}
                      </Badge>
                      {languages.length > 1 ? (
                        <Badge variant="soft" color="gray" data-testid="knowledge-language">
                          {languageName(doc.language ?? languages[0] ?? 'en')}
                        </Badge>
                      ) : null}
                      <Text size="1" color="gray">
                        {doc.source === 'upload' ? 'Uploaded' : 'Pasted'}{' '}
                        <LocalDate value={doc.created_at} options={dateOptions} />
                      </Text>
                    </Flex>
                  </Flex>
                  {canEdit ? (
                    <AlertDialog.Root>
                      <AlertDialog.Trigger>
                        <IconButton
                          variant="ghost"
                          color="red"
                          aria-label={`Delete ${doc.title}`}
                          disabled={pending}
                        >
                          <TrashIcon />
                        </IconButton>
                      </AlertDialog.Trigger>
                      <AlertDialog.Content maxWidth="420px">
                        <AlertDialog.Title>Delete “{doc.title}”?</AlertDialog.Title>
                        <AlertDialog.Description size="2">
                          The chatbot stops using this document in its answers.
                        </AlertDialog.Description>
                        <Flex gap="3" justify="end" mt="4">
                          <AlertDialog.Cancel>
                            <Button variant="soft" color="gray">
                              Cancel
                            </Button>
                          </AlertDialog.Cancel>
                          <AlertDialog.Action>
                            <Button color="red" onClick={() => remove(doc.id)}>
                              Delete document
                            </Button>
                          </AlertDialog.Action>
                        </Flex>
                      </AlertDialog.Content>
                    </AlertDialog.Root>
                  ) : null}
                </Flex>
              </Card>
            </li>
          ))}
        </ul>
      </Flex>
    </Flex>
  )
}
