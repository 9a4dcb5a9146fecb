import type { JSX } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { useStrings } from './i18n/strings.tsx'
import { lazy } from './lazy.tsx'
import type { Attachment, ChatMessage } from './messages.ts'

// Only conversations offered a meeting download the card.
const BookingCard = lazy(() => import('./booking-card.tsx').then((m) => m.BookingCard))

type Props = {
  messages: ChatMessage[]
  botName: string
  /** shown first, as the bot's, when the conversation is new (never stored) */
  greeting?: string
  onRetry?: (message: ChatMessage) => void
  /** a download link for a file of the conversation */
  attachmentUrl?: (path: string) => Promise<string | null>
  label: string
  /** a payment request's card (loaded lazily), in place of the message that carries it */
  payment?: (id: string) => JSX.Element
}

/** A photo inline (opens full size), any other file as a link; its name until the link is there. */
function AttachmentView({ attachment, url }: { attachment: Attachment; url?: Props['attachmentUrl'] }) {
  const [href, setHref] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    void url?.(attachment.path).then((u) => live && setHref(u))
    return () => {
      live = false
    }
  }, [attachment.path, url])
  if (!href) return <span class="attachment">{attachment.name}</span>
  return attachment.type.startsWith('image/') ? (
    <a class="attachment" href={href} target="_blank" rel="noopener noreferrer">
      <img src={href} alt={attachment.name} class="attachment-image" data-testid="chat-attachment" />
    </a>
  ) : (
    <a class="attachment" href={href} target="_blank" rel="noopener noreferrer" data-testid="chat-attachment">
      {attachment.name}
    </a>
  )
}

const time = (iso: string, locale: string) =>
  new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })

const side = (m: ChatMessage) =>
  m.sender === 'customer' ? 'from-customer' : m.sender === 'system' ? 'from-system' : 'from-team'

/**
 * A transcript. It is an ARIA log, so screen readers announce messages as they are added; every text is
 * rendered as text (escaped), never as HTML.
 */
export function MessageList({ messages, botName, greeting, onRetry, attachmentUrl, label, payment }: Props) {
  const t = useStrings()
  const locale = document.documentElement.lang || 'en'
  const end = useRef<HTMLLIElement>(null)
  const count = messages.length
  // The newest message in view whenever one is added.
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' })
  }, [count])

  const who = (m: ChatMessage) =>
    m.sender === 'customer' ? t.you : m.sender === 'agent' ? t.team : m.sender === 'bot' ? botName : t.notice

  return (
    // A log of list items (an <ol> itself may not be a log); the scrolling box is the log.
    <div class="log" role="log" aria-live="polite" aria-relevant="additions" aria-label={label}>
      <ol>
        {greeting ? (
          <li class="message from-team">
            <span class="visually-hidden">{botName}:</span>
            <span class="bubble">{greeting}</span>
          </li>
        ) : null}
        {messages.map((m) => (
          <li
            key={m.key}
            data-testid="chat-message"
            data-sender={m.sender}
            data-state={m.pending ?? 'stored'}
            class={`message ${side(m)}`}
          >
            <span class="visually-hidden">{who(m)}:</span>
            {m.booking ? (
              <BookingCard offer={m.booking} text={m.content} />
            ) : m.paymentRequestId && payment ? (
              payment(m.paymentRequestId)
            ) : m.attachments?.length ? (
              <span class="bubble">
                {m.attachments.map((a) => (
                  <AttachmentView key={a.id} attachment={a} url={attachmentUrl} />
                ))}
                {m.content ? <span class="caption">{m.content}</span> : null}
              </span>
            ) : (
              <span class="bubble">{m.file ? `📎 ${m.content}` : m.content}</span>
            )}
            <span class={m.pending === 'failed' ? 'meta failed' : 'meta'}>
              {m.pending === 'sending'
                ? t.sending
                : m.pending === 'queued'
                  ? t.queued
                  : m.pending === 'failed'
                    ? t.notSent(m.error ?? 'error')
                    : `${m.sender === 'agent' ? `${t.team} · ` : ''}${time(m.created_at, locale)}`}
              {m.pending === 'failed' && onRetry && !m.file ? (
                <button type="button" class="link-button" onClick={() => onRetry(m)}>
                  {t.retry}
                </button>
              ) : null}
            </span>
          </li>
        ))}
        <li ref={end} aria-hidden="true" />
      </ol>
    </div>
  )
}
