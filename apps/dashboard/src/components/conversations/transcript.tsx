'use client'

import type { Enums, Tables } from '@parley/supabase/database'
import { Badge, Box, Flex, Text } from '@radix-ui/themes'
import { useCallback, useEffect, useRef, useState } from 'react'
import {
  addMessage,
  type ConversationMessage,
  replaceMessage,
  selectMessages,
  timeOf,
} from '../../lib/conversations.ts'
import { browserClient, type LiveStatus, useLiveChannel } from '../../lib/realtime.ts'
import { LocalDate } from '../local-format.tsx'
import { AttachmentView, attachmentsOf } from './attachments.tsx'

const timeOptions: Intl.DateTimeFormatOptions = { timeStyle: 'short' }

const senderLabel: Record<Enums<'message_sender'>, string> = {
  customer: 'Visitor',
  bot: 'Bot',
  agent: 'Agent',
  system: 'System',
}

type Props = {
  storeId: string
  sessionId: string
  /** Messages the server already loaded, or null to load them here. */
  initialMessages: ConversationMessage[] | null
  /** When the store's channel last saw a message in this conversation (the list keeps it). */
  lastMessageAt: string | null
  visitorName: string
  onStatus: (status: LiveStatus) => void
}

/** One conversation's messages, kept up to date by postgres_changes on `messages` for this session. */
export function Transcript({
  storeId,
  sessionId,
  initialMessages,
  lastMessageAt,
  visitorName,
  onStatus,
}: Props) {
  const [messages, setMessages] = useState(initialMessages ?? [])
  const [loading, setLoading] = useState(initialMessages === null)
  // Reads that failed (postgrest-js has already tried each three times, over about 7 s): the transcript says
  // so and reads again every 5 s until one works.
  const [failures, setFailures] = useState(0)
  const scroller = useRef<HTMLDivElement>(null)

  const load = useCallback(async () => {
    const { data, error } = await selectMessages(browserClient())
      .eq('store_id', storeId)
      .eq('session_id', sessionId)
      .order('created_at', { ascending: true })
      .order('id', { ascending: true })
      .limit(500)
    if (error) {
      setFailures((n) => n + 1)
      return
    }
    setFailures(0)
    setMessages((list) => data.reduce(addMessage, list))
    setLoading(false)
  }, [storeId, sessionId])
  useEffect(() => {
    if (failures === 0) return
    const retry = setTimeout(() => void load(), 5000)
    return () => clearTimeout(retry)
  }, [failures, load])

  // Opened in the browser (not by the server): read the transcript right away, realtime or not.
  useEffect(() => {
    if (initialMessages === null) void load()
  }, [initialMessages, load])

  const status = useLiveChannel(
    `session:${sessionId}`,
    (channel) =>
      channel
        .on<Tables<'messages'>>(
          'postgres_changes',
          { event: 'INSERT', schema: 'public', table: 'messages', filter: `session_id=eq.${sessionId}` },
          (payload) => setMessages((list) => addMessage(list, payload.new)),
        )
        // an image's analysis arrives as an update of its message
        .on<Tables<'messages'>>(
          'postgres_changes',
          { event: 'UPDATE', schema: 'public', table: 'messages', filter: `session_id=eq.${sessionId}` },
          (payload) => setMessages((list) => replaceMessage(list, payload.new)),
        ),
    load,
  )
  useEffect(() => onStatus(status), [status, onStatus])
  // A line written while this channel was still joining never comes through it; the store's channel, long
  // open, saw it: a newer time there than our newest line reads the transcript again.
  const newest = messages.at(-1)?.created_at
  useEffect(() => {
    if (lastMessageAt && (!newest || Date.parse(lastMessageAt) > Date.parse(newest))) void load()
  }, [lastMessageAt, newest, load])
  useEffect(() => {
    if (initialMessages) setMessages((list) => initialMessages.reduce(addMessage, list))
  }, [initialMessages])

  // Keep the newest message in view as messages arrive.
  const count = messages.length
  useEffect(() => {
    const box = scroller.current
    if (box && count) box.scrollTop = box.scrollHeight
  }, [count])

  const failed =
    failures > 0 ? (
      <Text size="2" color="red" role="alert">
        Could not read the messages; trying again…
      </Text>
    ) : null
  if (messages.length === 0) {
    return (
      failed ?? (
        <Text size="2" color="gray" aria-busy={loading}>
          {loading ? 'Loading the messages…' : 'No messages yet.'}
        </Text>
      )
    )
  }
  return (
    <>
      {failed}
      <Box ref={scroller} style={{ maxHeight: '65vh', overflowY: 'auto', overscrollBehavior: 'contain' }}>
        <Flex asChild direction="column" gap="3" m="0" p="0">
          <ol
            aria-label="Transcript"
            aria-live="polite"
            aria-relevant="additions"
            style={{ listStyle: 'none' }}
          >
            {messages.map((m) => {
              const mine = m.sender !== 'customer'
              return (
                <Flex
                  asChild
                  key={m.id}
                  direction="column"
                  align={mine ? 'end' : 'start'}
                  gap="1"
                  data-testid="transcript-message"
                  data-sender={m.sender}
                >
                  <li>
                    <Text size="1" color="gray">
                      {m.sender === 'customer' ? visitorName : senderLabel[m.sender]} ·{' '}
                      <LocalDate value={timeOf(m.created_at)} options={timeOptions} />
                      {m.is_private ? (
                        <Badge color="amber" ml="2" size="1">
                          Private note
                        </Badge>
                      ) : null}
                    </Text>
                    <Box
                      px="3"
                      py="2"
                      style={{
                        maxWidth: '85%',
                        whiteSpace: 'pre-wrap',
                        overflowWrap: 'anywhere',
                        borderRadius: 'var(--radius-4)',
                        background: m.is_private
                          ? 'var(--amber-a3)'
                          : m.sender === 'customer'
                            ? 'var(--gray-a3)'
                            : 'var(--accent-a3)',
                      }}
                    >
                      <Flex direction="column" gap="2">
                        {attachmentsOf(m.attachments).map((a) => (
                          <AttachmentView key={a.id} attachment={a} />
                        ))}
                        {m.content ? (
                          <Text size="2" data-testid="message-content">
                            {m.content}
                          </Text>
                        ) : null}
                      </Flex>
                    </Box>
                  </li>
                </Flex>
              )
            })}
          </ol>
        </Flex>
      </Box>
    </>
  )
}
