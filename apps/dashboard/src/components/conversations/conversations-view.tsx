'use client'

import type { Tables } from '@parley/supabase/database'
import { ArrowLeftIcon } from '@radix-ui/react-icons'
import { Box, Card, Flex, Grid, Heading, Link, Text } from '@radix-ui/themes'
import NextLink from 'next/link'
import { useSearchParams } from 'next/navigation'
import { type MouseEvent, useCallback, useEffect, useRef, useState } from 'react'
import {
  type ConversationMessage,
  type ConversationSummary,
  contactName,
  selectSessions,
  timeOf,
  upsertSession,
} from '../../lib/conversations.ts'
import { browserClient, type LiveStatus, useLiveChannel } from '../../lib/realtime.ts'
import { ContactPrivacy } from '../privacy/contact-privacy.tsx'
import { LeadReasons } from './lead-reasons.tsx'
import { LiveIndicator } from './live-indicator.tsx'
import { RequestPayment } from './request-payment.tsx'
import { ResolveButton } from './resolve-button.tsx'
import { SessionBadges } from './session-badges.tsx'
import { SessionList } from './session-list.tsx'
import { Transcript } from './transcript.tsx'

type Props = {
  storeId: string
  initialSessions: ConversationSummary[]
  /** The session the server loaded messages for (from `?session=` on the first request). */
  initialSelectedId: string | null
  initialMessages: ConversationMessage[]
  /** Owners answer data requests (export, erase) from the open conversation's contact. */
  isOwner?: boolean
}

/** The conversation the address bar names now (`?session=`). */
const sessionInUrl = () => new URL(window.location.href).searchParams.get('session')

/**
 * The store's conversations, live: postgres_changes on `chat_sessions` (store_id=eq.<store>) keep the list
 * and its order current, and new `messages` bump their session. On a phone the list and the open
 * conversation are two screens; from md up they sit side by side.
 */
export function ConversationsView({
  storeId,
  initialSessions,
  initialSelectedId,
  initialMessages,
  isOwner = false,
}: Props) {
  // Selecting a conversation only changes `?session=` (history.pushState): the list, its subscription and
  // its state stay as they are, and Back returns to the previous conversation or to the list. The open
  // conversation is this component's own state, not only the router's: Next hands a pushState to
  // useSearchParams in a transition, and one held back behind a refresh (seen with `next dev` rebuilding)
  // held every later selection back: the address changed, the transcript stayed the old one.
  const routed = useSearchParams().get('session')
  const [selectedId, setSelectedId] = useState(routed)
  // A navigation by the router (a link to another conversation): taken once it names what the URL names.
  useEffect(() => {
    if (routed === sessionInUrl()) setSelectedId(routed)
  }, [routed])
  useEffect(() => {
    const back = () => setSelectedId(sessionInUrl())
    window.addEventListener('popstate', back)
    return () => window.removeEventListener('popstate', back)
  }, [])
  // The realtime handlers are bound once per subscription: they read the open conversation from here.
  const selectedRef = useRef(selectedId)
  selectedRef.current = selectedId
  const [sessions, setSessions] = useState(initialSessions)
  const [unread, setUnread] = useState<ReadonlySet<string>>(new Set())
  const [transcriptStatus, setTranscriptStatus] = useState<LiveStatus>('connecting')

  // Loads one session with its contact (realtime rows carry no embedded contact).
  const refreshSession = useCallback(
    async (id: string) => {
      const { data } = await selectSessions(browserClient())
        .eq('store_id', storeId)
        .eq('id', id)
        .maybeSingle()
      if (data) setSessions((list) => upsertSession(list, data))
    },
    [storeId],
  )

  const listStatus = useLiveChannel(
    `store:${storeId}`,
    (channel) =>
      channel
        .on<Tables<'chat_sessions'>>(
          'postgres_changes',
          { event: '*', schema: 'public', table: 'chat_sessions', filter: `store_id=eq.${storeId}` },
          (payload) => {
            if (payload.eventType === 'DELETE') {
              const gone = payload.old.id
              setSessions((list) => list.filter((s) => s.id !== gone))
              return
            }
            const row = payload.new
            setSessions((list) => {
              const known = list.find((s) => s.id === row.id)
              if (!known?.contact && row.contact_id) void refreshSession(row.id)
              return upsertSession(list, { ...row, contact: known?.contact ?? null })
            })
          },
        )
        .on<Tables<'messages'>>(
          'postgres_changes',
          { event: 'INSERT', schema: 'public', table: 'messages', filter: `store_id=eq.${storeId}` },
          (payload) => {
            const message = payload.new
            setSessions((list) => {
              const session = list.find((s) => s.id === message.session_id)
              if (!session) {
                void refreshSession(message.session_id)
                return list
              }
              if (timeOf(session.last_message_at) >= timeOf(message.created_at)) return list
              return upsertSession(list, { ...session, last_message_at: message.created_at })
            })
            if (message.sender === 'customer') {
              setUnread((set) =>
                message.session_id === selectedRef.current ? set : new Set(set).add(message.session_id),
              )
            }
          },
        ),
    async () => {
      const { data } = await selectSessions(browserClient())
        .eq('store_id', storeId)
        .order('last_message_at', { ascending: false })
        .limit(100)
      if (data) setSessions((list) => data.reduce(upsertSession, list))
    },
  )

  // A server re-render (after an action, or navigating) brings fresh rows: merge them in.
  useEffect(() => {
    setSessions((list) => initialSessions.reduce(upsertSession, list))
  }, [initialSessions])

  // Opening a conversation marks it read.
  useEffect(() => {
    if (!selectedId) return
    setUnread((set) => {
      if (!set.has(selectedId)) return set
      const next = new Set(set)
      next.delete(selectedId)
      return next
    })
  }, [selectedId])

  const selectLink = (id: string | null) => (event: MouseEvent<HTMLAnchorElement>) => {
    // Let the browser handle new tabs and windows.
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) return
    event.preventDefault()
    const url = id ? `/stores/${storeId}/conversations?session=${id}` : `/stores/${storeId}/conversations`
    setSelectedId(id)
    window.history.pushState(null, '', url)
  }

  const selected = sessions.find((s) => s.id === selectedId) ?? null
  const selectedContactId = selected?.contact_id ?? null

  // An erased contact's conversations leave the list at once (their DELETEs may come later or not at all).
  const onErased = useCallback(() => {
    setSessions((list) => list.filter((s) => !selectedContactId || s.contact_id !== selectedContactId))
    setSelectedId(null)
    window.history.pushState(null, '', `/stores/${storeId}/conversations`)
  }, [selectedContactId, storeId])

  return (
    <Flex direction="column" gap="4">
      <Flex align="center" justify="between" gap="3" wrap="wrap">
        <Heading as="h1" size="7">
          Conversations
        </Heading>
        <LiveIndicator status={listStatus} label="Conversation list" />
      </Flex>
      <Grid columns={{ initial: '1', md: '300px 1fr' }} gap="4" align="start">
        <Box display={{ initial: selectedId ? 'none' : 'block', md: 'block' }} asChild>
          <nav aria-label="Conversation list">
            <SessionList
              storeId={storeId}
              sessions={sessions}
              selectedId={selectedId}
              unread={unread}
              onSelect={selectLink}
            />
          </nav>
        </Box>
        <Box display={{ initial: selectedId ? 'block' : 'none', md: 'block' }} minWidth="0">
          {selectedId ? (
            selected ? (
              <Card size="2" asChild>
                <section aria-labelledby="transcript-heading" data-testid="conversation-detail">
                  <Flex direction="column" gap="4">
                    <Box display={{ initial: 'block', md: 'none' }}>
                      <Link asChild size="2">
                        <NextLink href={`/stores/${storeId}/conversations`} onClick={selectLink(null)}>
                          <Flex align="center" gap="1" asChild>
                            <span>
                              <ArrowLeftIcon aria-hidden /> All conversations
                            </span>
                          </Flex>
                        </NextLink>
                      </Link>
                    </Box>
                    <Flex justify="between" align="start" gap="3" wrap="wrap">
                      <Flex direction="column" gap="1" minWidth="0">
                        <Heading as="h2" size="4" id="transcript-heading" className="truncate">
                          {contactName(selected)}
                        </Heading>
                        {selected.contact?.email && selected.contact.name ? (
                          <Text size="1" color="gray">
                            {selected.contact.email}
                            {selected.contact.verified ? ' · verified' : ''}
                          </Text>
                        ) : null}
                        <SessionBadges session={selected} />
                        <LeadReasons
                          client={browserClient()}
                          sessionId={selected.id}
                          score={selected.lead_score}
                        />
                        {isOwner && selected.contact_id ? (
                          <ContactPrivacy
                            storeId={storeId}
                            contactId={selected.contact_id}
                            name={contactName(selected)}
                            onErased={onErased}
                          />
                        ) : null}
                      </Flex>
                      <Flex gap="2" align="center">
                        <LiveIndicator status={transcriptStatus} label="Transcript" />
                        {selected.status !== 'resolved' ? (
                          <>
                            <RequestPayment sessionId={selected.id} />
                            <ResolveButton storeId={storeId} sessionId={selected.id} />
                          </>
                        ) : null}
                      </Flex>
                    </Flex>
                    <Transcript
                      key={selected.id}
                      storeId={storeId}
                      sessionId={selected.id}
                      initialMessages={selected.id === initialSelectedId ? initialMessages : null}
                      lastMessageAt={selected.last_message_at}
                      visitorName={contactName(selected)}
                      onStatus={setTranscriptStatus}
                    />
                  </Flex>
                </section>
              </Card>
            ) : (
              <Card size="2">
                <Text color="gray">This conversation does not exist, or you may not see it.</Text>
              </Card>
            )
          ) : (
            <Card size="2">
              <Flex direction="column" align="center" py="6" gap="1">
                <Text weight="medium">Choose a conversation</Text>
                <Text size="2" color="gray">
                  Its transcript appears here and updates as the visitor and the bot write.
                </Text>
              </Flex>
            </Card>
          )}
        </Box>
      </Grid>
    </Flex>
  )
}
