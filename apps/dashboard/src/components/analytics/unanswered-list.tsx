'use client'

import type { Report } from '@parley/supabase/analytics'
import { Badge, Button, Dialog, Flex, Select, Table, Text } from '@radix-ui/themes'
import { useState } from 'react'
import { FaqForm } from '../chatbot/faq-form.tsx'
import { ChartCard } from './chart-card.tsx'
import type { OpenDrill } from './drill.ts'

type Chatbot = { id: string; name: string }

/**
 * Questions the bot could not answer, grouped (same words, any case or punctuation), most asked first.
 * Owners and admins turn one into an FAQ: the question is filled in, they write the answer.
 */
export function UnansweredList({
  storeId,
  questions,
  chatbots,
  chatbotId,
  canEditFaqs,
  onDrill,
}: {
  storeId: string
  questions: Report['unanswered']
  chatbots: Chatbot[]
  /** The chatbot the page is filtered to, if any: its FAQs are where the new one goes. */
  chatbotId: string | null
  canEditFaqs: boolean
  onDrill: OpenDrill
}) {
  const [question, setQuestion] = useState<string | null>(null)
  const [target, setTarget] = useState<string | undefined>(chatbotId ?? chatbots[0]?.id)
  const [added, setAdded] = useState<ReadonlySet<string>>(new Set())
  return (
    <ChartCard
      title="Unanswered questions"
      hint="What shoppers asked that the bot could not answer."
      empty={questions.length === 0 ? 'The bot answered every question in this period.' : null}
    >
      <Table.Root size="1" aria-label="Unanswered questions">
        <Table.Body>
          {questions.map((q) => (
            <Table.Row key={q.question}>
              <Table.Cell style={{ wordBreak: 'break-word' }}>{q.question}</Table.Cell>
              <Table.Cell>
                <Button
                  size="1"
                  variant="ghost"
                  aria-label={`Asked ${q.count} times: see the conversations`}
                  onClick={() =>
                    onDrill({ title: `Unanswered: ${q.question}`, kinds: ['unanswered_question'] })
                  }
                >
                  ×{q.count}
                </Button>
              </Table.Cell>
              <Table.Cell>
                {added.has(q.question) ? (
                  <Badge color="green">FAQ added</Badge>
                ) : canEditFaqs && chatbots.length > 0 ? (
                  <Button size="1" variant="soft" onClick={() => setQuestion(q.question)}>
                    Make it an FAQ
                  </Button>
                ) : null}
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table.Root>
      <Dialog.Root open={question !== null} onOpenChange={(open) => (open ? null : setQuestion(null))}>
        <Dialog.Content maxWidth="520px" aria-describedby={undefined}>
          <Dialog.Title>Make it an FAQ</Dialog.Title>
          {chatbots.length > 1 ? (
            <Flex direction="column" gap="1" mb="3">
              <Text as="label" size="2" weight="medium" htmlFor="faq-chatbot">
                Chatbot
              </Text>
              <Select.Root value={target} onValueChange={setTarget}>
                <Select.Trigger id="faq-chatbot" />
                <Select.Content>
                  {chatbots.map((c) => (
                    <Select.Item key={c.id} value={c.id}>
                      {c.name}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select.Root>
            </Flex>
          ) : null}
          {question !== null && target ? (
            <FaqForm
              key={`${target}:${question}`}
              storeId={storeId}
              chatbotId={target}
              initialQuestion={question.slice(0, 500)}
              onDone={() => {
                setAdded((s) => new Set(s).add(question))
                setQuestion(null)
              }}
            />
          ) : null}
        </Dialog.Content>
      </Dialog.Root>
    </ChartCard>
  )
}
