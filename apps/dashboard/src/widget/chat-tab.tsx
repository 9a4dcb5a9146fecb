'use client'
import { type FormEvent, type KeyboardEvent, type RefObject, useEffect, useRef, useState } from 'react'
import type { HandoffInfo } from './config.ts'
import { fallbackNotice, waitingNotice } from './handoff-notice.ts'
import { MessageList } from './message-list.tsx'
import type { useChat } from './use-chat.ts'
import styles from './widget.module.css'

type Props = {
  chat: ReturnType<typeof useChat>
  botName: string
  storeName: string
  greeting: string
  composer: RefObject<HTMLTextAreaElement | null>
  /** business hours, reply time and fallback contact from widget_config */
  handoff?: HandoffInfo | undefined
  /** the dashboard's preview: shown, but nothing is sent */
  disabled?: boolean
}

const TYPING_IDLE_MS = 3000

/** The conversation: state banners, the transcript, who is typing, and the composer. */
export function ChatTab({ chat, botName, storeName, greeting, composer, handoff, disabled = false }: Props) {
  const [draft, setDraft] = useState('')
  const typingSent = useRef(0)
  const idle = useRef<ReturnType<typeof setTimeout>>(undefined)
  const { sendTyping } = chat

  useEffect(() => () => clearTimeout(idle.current), [])

  const stopTyping = () => {
    clearTimeout(idle.current)
    if (typingSent.current) sendTyping(false)
    typingSent.current = 0
  }

  const onChange = (value: string) => {
    setDraft(value)
    // At most one "typing" every two seconds, and "stopped" after three idle ones.
    if (Date.now() - typingSent.current > 2000) {
      sendTyping(true)
      typingSent.current = Date.now()
    }
    clearTimeout(idle.current)
    idle.current = setTimeout(stopTyping, TYPING_IDLE_MS)
  }

  const submit = (event?: FormEvent) => {
    event?.preventDefault()
    if (!draft.trim() || disabled) return
    chat.send(draft)
    setDraft('')
    stopTyping()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event)
  }

  const banner = !chat.online
    ? { info: false, text: "You're offline. Messages you write now are sent when you're back online." }
    : chat.connection === 'reconnecting'
      ? { info: false, text: 'Reconnecting… replies may take a little longer to appear.' }
      : chat.status === 'queued'
        ? { info: true, text: waitingNotice(storeName, handoff) }
        : chat.status === 'human'
          ? { info: true, text: `You're chatting with a person from ${storeName}.` }
          : chat.status === 'resolved'
            ? { info: true, text: 'This conversation was marked as resolved. Write again to continue it.' }
            : null

  // Chatwoot unreachable while the handoff job retries: offer the store's other ways in.
  const fallback =
    chat.status === 'queued' || chat.status === 'human' ? fallbackNotice(handoff, chat.handoffState) : null

  return (
    <>
      <div role="status" aria-live="polite">
        {banner ? (
          <p className={`${styles.banner} ${banner.info ? styles.bannerInfo : ''}`} data-testid="chat-banner">
            {banner.text}
          </p>
        ) : null}
        {fallback ? (
          <p className={styles.banner} data-testid="handoff-fallback">
            {fallback}
          </p>
        ) : null}
        {chat.loadError ? <p className={styles.banner}>{chat.loadError}</p> : null}
      </div>
      {chat.sessionId ? (
        <div className={styles.toolbar}>
          <span />
          <button type="button" className={styles.linkButton} onClick={chat.startNew}>
            New conversation
          </button>
        </div>
      ) : null}
      <MessageList
        messages={chat.messages}
        botName={botName}
        greeting={greeting}
        onRetry={chat.retry}
        label={`Conversation with ${botName}`}
      />
      <p className={styles.typing} role="status" data-testid="typing-indicator">
        {chat.typing === 'bot'
          ? `${botName} is typing…`
          : chat.typing === 'agent'
            ? 'An agent is typing…'
            : ''}
      </p>
      <form className={styles.composer} onSubmit={submit} aria-label="Send a message">
        <label htmlFor="parley-composer" className="visually-hidden">
          Your message
        </label>
        <textarea
          id="parley-composer"
          ref={composer}
          rows={1}
          maxLength={4000}
          value={draft}
          placeholder={disabled ? 'Preview: messages are not sent' : 'Write a message…'}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={stopTyping}
        />
        <button type="submit" className={styles.sendButton} disabled={disabled || !draft.trim()}>
          Send
        </button>
      </form>
    </>
  )
}
