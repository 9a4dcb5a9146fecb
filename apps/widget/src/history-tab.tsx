import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import type { Backend } from './backend.ts'
import { useStrings } from './i18n/strings.tsx'
import { MessageList } from './message-list.tsx'
import { type ChatMessage, fromRow } from './messages.ts'
import type { SessionSummary } from './rows.ts'

type Props = {
  db: Backend['db']
  chatbotId: string
  botName: string
  currentSessionId: string | null
  /** bumps when a message is sent, so the list is fresh when the tab is opened again */
  refreshKey: unknown
  onResume: (sessionId: string) => void
}

const when = (iso: string, locale: string) =>
  new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' })

/**
 * The visitor's past conversations with this chatbot (row level security returns only theirs, or their
 * verified contact's): open one to read it, then continue it in the Chat tab.
 */
export function HistoryTab({ db, chatbotId, botName, currentSessionId, refreshKey, onResume }: Props) {
  const t = useStrings()
  const locale = document.documentElement.lang || 'en'
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [open, setOpen] = useState<{ id: string; messages: ChatMessage[] | null } | null>(null)
  const back = useRef<HTMLButtonElement>(null)
  // The list the visitor clicked in is gone: the focus moves to the way back, staying in the tab.
  const openId = open?.id
  useEffect(() => {
    if (openId) back.current?.focus()
  }, [openId])

  useEffect(() => {
    let stale = false
    db.from('chat_sessions')
      .select('id, status, started_at, last_message_at, messages(content, sender)')
      .eq('chatbot_id', chatbotId)
      .order('last_message_at', { ascending: false })
      .order('id', { referencedTable: 'messages', ascending: false })
      .limit(1, { referencedTable: 'messages' })
      .limit(30)
      .then(({ data, error: e }) => {
        if (stale) return
        if (e) setError(t.historyLoadError)
        else setSessions(data)
      })
    return () => {
      stale = true
    }
  }, [db, chatbotId, refreshKey, t])

  const read = useCallback(
    async (id: string) => {
      setOpen({ id, messages: null })
      const { data, error: e } = await db
        .from('messages')
        .select('id, session_id, sender, content, created_at, client_id')
        .eq('session_id', id)
        .order('id')
        .limit(500)
      if (e) setError(t.conversationLoadError)
      else setOpen({ id, messages: data.map(fromRow) })
    },
    [db, t],
  )

  if (error) return <p class="center">{error}</p>
  if (!sessions) return <p class="center">{t.loadingConversations}</p>

  if (open) {
    return (
      <div class="panel">
        <div class="toolbar">
          <button type="button" class="link-button" onClick={() => setOpen(null)} ref={back}>
            <span aria-hidden="true" class="flip">
              ←{' '}
            </span>
            {t.allConversations}
          </button>
          {open.id !== currentSessionId ? (
            <button type="button" class="send-button small" onClick={() => onResume(open.id)}>
              {t.continueConversation}
            </button>
          ) : null}
        </div>
        {open.messages ? (
          <MessageList messages={open.messages} botName={botName} label={t.earlierConversation} />
        ) : (
          <p class="center">{t.loading}</p>
        )}
      </div>
    )
  }

  if (sessions.length === 0) return <p class="center">{t.noConversations}</p>
  return (
    <div class="scroll">
      <ul class="list" aria-label={t.yourConversations}>
        {sessions.map((s) => {
          const last = s.messages[0]
          return (
            <li key={s.id}>
              <button
                type="button"
                class="card-button"
                data-testid="history-session"
                onClick={() => void read(s.id)}
              >
                <strong>{when(s.last_message_at, locale)}</strong>
                {s.id === currentSessionId ? ` · ${t.current}` : ''}
                {s.status === 'resolved' ? ` · ${t.resolvedTag}` : ''}
                <br />
                <span class="meta">
                  {last
                    ? last.content.length > 120
                      ? `${last.content.slice(0, 120)}…`
                      : last.content
                    : t.noMessages}
                </span>
              </button>
            </li>
          )
        })}
      </ul>
    </div>
  )
}
