import type { JSX, RefObject } from 'preact'
import { useRef, useState } from 'preact/hooks'
import { fallbackNotice, waitingNotice } from './handoff-notice.ts'
import { MessageList } from './message-list.tsx'
import type { HandoffInfo } from './rows.ts'
import type { useChat } from './use-chat.ts'

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
  /** a payment request's card */
  payment?: (id: string) => JSX.Element
}

/** The conversation: state banners, the transcript, who is typing, and the composer. */
export function ChatTab({
  chat,
  botName,
  storeName,
  greeting,
  composer,
  handoff,
  disabled = false,
  payment,
}: Props) {
  const [draft, setDraft] = useState('')
  const [dragging, setDragging] = useState(false)
  const picker = useRef<HTMLInputElement>(null)
  const camera = useRef<HTMLInputElement>(null)
  // The camera button where there is a camera to point: phones and tablets (a coarse pointer).
  const touch = typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches

  const sendFiles = (files: FileList | File[] | null | undefined) => {
    if (disabled || !files) return
    for (const file of Array.from(files).slice(0, 5)) void chat.sendFile(file)
  }
  const onPicked = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement
    sendFiles(input.files)
    input.value = '' // the same file may be chosen again
  }
  const onPaste = (event: ClipboardEvent) => {
    if (event.clipboardData?.files.length) {
      event.preventDefault()
      sendFiles(event.clipboardData.files)
    }
  }
  const onDrop = (event: DragEvent) => {
    event.preventDefault()
    setDragging(false)
    sendFiles(event.dataTransfer?.files)
  }
  const onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer?.types.includes('Files')) return
    event.preventDefault()
    setDragging(true)
  }

  const submit = (event?: Event) => {
    event?.preventDefault()
    if (!draft.trim() || disabled) return
    chat.send(draft)
    setDraft('')
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) submit(event)
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
          <p class={banner.info ? 'banner banner-info' : 'banner'} data-testid="chat-banner">
            {banner.text}
          </p>
        ) : null}
        {fallback ? (
          <p class="banner" data-testid="handoff-fallback">
            {fallback}
          </p>
        ) : null}
        {chat.loadError ? <p class="banner">{chat.loadError}</p> : null}
        {chat.notice ? (
          <p class="banner" data-testid="send-notice">
            {chat.notice}
          </p>
        ) : null}
      </div>
      {chat.sessionId ? (
        <div class="toolbar">
          <span />
          <button type="button" class="link-button" onClick={chat.startNew}>
            New conversation
          </button>
        </div>
      ) : null}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping files is a mouse shortcut; the attach button is the keyboard's way */}
      <div
        class={dragging ? 'drop-zone dragging' : 'drop-zone'}
        onDragOver={onDragOver}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <MessageList
          messages={chat.messages}
          botName={botName}
          greeting={greeting}
          onRetry={chat.retry}
          attachmentUrl={chat.attachmentUrl}
          label={`Conversation with ${botName}`}
          payment={payment}
        />
      </div>
      <p class="typing" role="status" data-testid="typing-indicator">
        {chat.typing === 'bot'
          ? `${botName} is typing…`
          : chat.typing === 'agent'
            ? 'An agent is typing…'
            : ''}
      </p>
      <form class="composer" onSubmit={submit} aria-label="Send a message">
        <label for="parley-composer" class="visually-hidden">
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
          onInput={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
        />
        <input
          ref={picker}
          type="file"
          accept="image/*,application/pdf"
          multiple
          hidden
          onChange={onPicked}
          data-testid="attach-input"
        />
        <button
          type="button"
          class="icon-button"
          aria-label="Attach a photo or file"
          title="Attach a photo or file"
          disabled={disabled}
          onClick={() => picker.current?.click()}
        >
          📎
        </button>
        {touch ? (
          <>
            <input
              ref={camera}
              type="file"
              accept="image/*"
              capture="environment"
              hidden
              onChange={onPicked}
            />
            <button
              type="button"
              class="icon-button"
              aria-label="Take a photo"
              title="Take a photo"
              disabled={disabled}
              onClick={() => camera.current?.click()}
            >
              📷
            </button>
          </>
        ) : null}
        <button type="submit" class="send-button" disabled={disabled || !draft.trim()}>
          Send
        </button>
      </form>
    </>
  )
}
