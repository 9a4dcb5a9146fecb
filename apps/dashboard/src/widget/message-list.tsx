'use client'
import { useEffect, useRef } from 'react'
import type { ChatMessage } from './messages.ts'
import styles from './widget.module.css'

type Props = {
  messages: ChatMessage[]
  botName: string
  /** shown first, as the bot's, when the conversation is new (never stored) */
  greeting?: string
  onRetry?: (message: ChatMessage) => void
  label: string
}

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })

/**
 * A transcript. It is an ARIA log, so screen readers announce messages as they are added; every text is
 * rendered as React text (escaped), never as HTML.
 */
export function MessageList({ messages, botName, greeting, onRetry, label }: Props) {
  const end = useRef<HTMLLIElement>(null)
  const count = messages.length
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll whenever a message is added
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' })
  }, [count])

  const who = (m: ChatMessage) =>
    m.sender === 'customer' ? 'You' : m.sender === 'agent' ? 'Team' : m.sender === 'bot' ? botName : 'Notice'

  return (
    <ol className={styles.log} role="log" aria-live="polite" aria-relevant="additions" aria-label={label}>
      {greeting ? (
        <li className={`${styles.message} ${styles.fromTeam}`}>
          <span className="visually-hidden">{botName}:</span>
          <span className={styles.bubble}>{greeting}</span>
        </li>
      ) : null}
      {messages.map((m) => (
        <li
          key={m.key}
          data-testid="chat-message"
          data-sender={m.sender}
          data-state={m.pending ?? 'stored'}
          className={`${styles.message} ${
            m.sender === 'customer'
              ? styles.fromCustomer
              : m.sender === 'system'
                ? styles.fromSystem
                : styles.fromTeam
          }`}
        >
          <span className="visually-hidden">{who(m)}:</span>
          <span className={styles.bubble}>{m.content}</span>
          <span className={`${styles.meta} ${m.pending === 'failed' ? styles.failed : ''}`}>
            {m.pending === 'sending'
              ? 'Sending…'
              : m.pending === 'queued'
                ? 'Waiting for a connection, will be sent automatically'
                : m.pending === 'failed'
                  ? `Not sent: ${m.error ?? 'error'} `
                  : `${m.sender === 'agent' ? 'Team · ' : ''}${time(m.created_at)}`}
            {m.pending === 'failed' && onRetry ? (
              <button type="button" className={styles.linkButton} onClick={() => onRetry(m)}>
                Retry
              </button>
            ) : null}
          </span>
        </li>
      ))}
      <li ref={end} aria-hidden="true" />
    </ol>
  )
}
