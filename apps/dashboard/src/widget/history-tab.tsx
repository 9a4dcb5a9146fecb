'use client'
import type { SupabaseClient } from '@supabase/supabase-js'
import { useCallback, useEffect, useState } from 'react'
import { MessageList } from './message-list.tsx'
import { type ChatMessage, fromRow, type MessageRow } from './messages.ts'
import styles from './widget.module.css'

type SessionSummary = {
  id: string
  status: string
  started_at: string
  last_message_at: string
  messages: { content: string; sender: string }[]
}

type Props = {
  supabase: SupabaseClient
  chatbotId: string
  botName: string
  currentSessionId: string | null
  /** bumps when a message is sent, so the list is fresh when the tab is opened again */
  refreshKey: unknown
  onResume: (sessionId: string) => void
}

const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })

/**
 * The visitor's past conversations with this chatbot (row level security returns only theirs, or their
 * verified contact's): open one to read it, then continue it in the Chat tab.
 */
export function HistoryTab({ supabase, chatbotId, botName, currentSessionId, refreshKey, onResume }: Props) {
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [open, setOpen] = useState<{ id: string; messages: ChatMessage[] | null } | null>(null)

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey only triggers a reload
  useEffect(() => {
    let stale = false
    supabase
      .from('chat_sessions')
      .select('id, status, started_at, last_message_at, messages(content, sender)')
      .eq('chatbot_id', chatbotId)
      .order('last_message_at', { ascending: false })
      .order('id', { referencedTable: 'messages', ascending: false })
      .limit(1, { referencedTable: 'messages' })
      .limit(30)
      .then(({ data, error: e }) => {
        if (stale) return
        if (e) setError('Could not load your conversations.')
        else setSessions(data as SessionSummary[])
      })
    return () => {
      stale = true
    }
  }, [supabase, chatbotId, refreshKey])

  const read = useCallback(
    async (id: string) => {
      setOpen({ id, messages: null })
      const { data, error: e } = await supabase
        .from('messages')
        .select('id, session_id, sender, content, created_at, client_id')
        .eq('session_id', id)
        .order('id')
        .limit(500)
      if (e) setError('Could not load this conversation.')
      else setOpen({ id, messages: (data as MessageRow[]).map(fromRow) })
    },
    [supabase],
  )

  if (error) return <p className={styles.center}>{error}</p>
  if (!sessions) return <p className={styles.center}>Loading your conversations…</p>

  if (open) {
    return (
      <div className={styles.panel}>
        <div className={styles.toolbar}>
          {/* biome-ignore lint/a11y/noAutofocus: the list the visitor clicked in is gone; focus stays in the tab */}
          <button type="button" className={styles.linkButton} onClick={() => setOpen(null)} autoFocus>
            <span aria-hidden="true">← </span>All conversations
          </button>
          {open.id !== currentSessionId ? (
            <button
              type="button"
              className={`${styles.sendButton} ${styles.small}`}
              onClick={() => onResume(open.id)}
            >
              Continue this conversation
            </button>
          ) : null}
        </div>
        {open.messages ? (
          <MessageList messages={open.messages} botName={botName} label="Earlier conversation" />
        ) : (
          <p className={styles.center}>Loading…</p>
        )}
      </div>
    )
  }

  if (sessions.length === 0) return <p className={styles.center}>Your conversations will appear here.</p>
  return (
    <div className={styles.scroll}>
      <ul className={styles.list} aria-label="Your conversations">
        {sessions.map((s) => {
          const last = s.messages[0]
          return (
            <li key={s.id}>
              <button
                type="button"
                className={styles.historyItem}
                data-testid="history-session"
                onClick={() => void read(s.id)}
              >
                <strong>{when(s.last_message_at)}</strong>
                {s.id === currentSessionId ? ' · current' : ''}
                {s.status === 'resolved' ? ' · resolved' : ''}
                <br />
                <span className={styles.meta}>
                  {last
                    ? last.content.length > 120
                      ? `${last.content.slice(0, 120)}…`
                      : last.content
                    : 'No messages'}
                </span>
              </button>
            </li>
          )
        })}
      </ul>
    </div>
  )
}
