import type { JSX, RefObject } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { fallbackNotice, waitingNotice } from './handoff-notice.ts'
import { useStrings } from './i18n/strings.tsx'
import { AttachIcon, CameraIcon } from './icons.tsx'
import { lazy } from './lazy.tsx'
import { MessageList } from './message-list.tsx'
import { prechatPlan } from './prechat-due.ts'
import type { HandoffInfo } from './rows.ts'
import type { useChat } from './use-chat.ts'

// Its own chunk (with the form's zod schema): fetched only when a chatbot's form is due.
const PrechatForm = lazy(() => import('./prechat-form.tsx').then((m) => m.PrechatForm))
// Its own chunk: most visitors never open it.
const EmojiPicker = lazy(() => import('./emoji-picker.tsx').then((m) => m.EmojiPicker))

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
  /** chatbots.prechat_form */
  prechatForm?: unknown
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
  prechatForm,
  payment,
}: Props) {
  const t = useStrings()
  const [draft, setDraft] = useState('')
  // A visitor who had a conversation in this frame before is returning (the form for new visitors is not
  // shown again); a form is only ever due before a conversation's first line.
  const returning = useRef(Boolean(chat.sessionId))
  if (chat.sessionId) returning.current = true
  const plan = prechatPlan(prechatForm, { returning: returning.current && !disabled })
  const [formDone, setFormDone] = useState(false)
  // Sending the form starts the session: the form stays until its answer (or its errors) are in.
  const [formSending, setFormSending] = useState(false)
  const showForm =
    plan.due && !formDone && (disabled || formSending || (!chat.sessionId && chat.messages.length === 0))
  // the language the widget speaks (chosen from setLocale, the page, the browser and the chatbot's languages)
  const locale = document.documentElement.lang || 'en'
  useEffect(() => {
    if (!chat.sessionId) setFormDone(false)
  }, [chat.sessionId])
  const [dragging, setDragging] = useState(false)
  const [emojiOpen, setEmojiOpen] = useState(false)
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
    if (!draft.trim() || disabled || (showForm && plan.blocking)) return
    chat.send(draft)
    setDraft('')
  }

  // The emoji goes where the caret is, and the caret after it.
  const insertEmoji = (emoji: string) => {
    const box = composer.current
    const start = box?.selectionStart ?? draft.length
    const end = box?.selectionEnd ?? draft.length
    setDraft(draft.slice(0, start) + emoji + draft.slice(end))
    setEmojiOpen(false)
    requestAnimationFrame(() => {
      box?.focus()
      box?.setSelectionRange(start + emoji.length, start + emoji.length)
    })
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) submit(event)
  }

  const banner = !chat.online
    ? { info: false, text: t.offlineBanner }
    : chat.connection === 'reconnecting'
      ? { info: false, text: t.reconnecting }
      : chat.status === 'queued'
        ? { info: true, text: waitingNotice(storeName, handoff, t) }
        : chat.status === 'human'
          ? { info: true, text: t.withPerson(storeName) }
          : chat.status === 'resolved'
            ? { info: true, text: t.resolved }
            : null

  // Chatwoot unreachable while the handoff job retries: offer the store's other ways in.
  const fallback =
    chat.status === 'queued' || chat.status === 'human' ? fallbackNotice(handoff, chat.handoffState, t) : null

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
            {t.newConversation}
          </button>
        </div>
      ) : null}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping files is a mouse shortcut; the attach button is the keyboard's way */}
      <div
        class={`drop-zone${dragging ? ' dragging' : ''}${showForm ? ' with-form' : ''}`}
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
          label={t.conversationWith(botName)}
          payment={payment}
        />
        {showForm ? (
          <PrechatForm
            form={prechatForm}
            locale={locale}
            disabled={disabled}
            onSubmit={async (answers) => {
              setFormSending(true)
              try {
                await chat.submitForm(answers, locale)
                setFormDone(true)
              } finally {
                setFormSending(false)
              }
            }}
          />
        ) : null}
      </div>
      <p class="typing" role="status" data-testid="typing-indicator">
        {chat.typing === 'bot' ? t.botTyping(botName) : chat.typing === 'agent' ? t.agentTyping : ''}
      </p>
      {emojiOpen ? (
        <EmojiPicker
          label={t.emoji}
          onPick={insertEmoji}
          onClose={() => {
            setEmojiOpen(false)
            composer.current?.focus()
          }}
        />
      ) : null}
      <form class="composer" onSubmit={submit} aria-label={t.sendAMessage}>
        <label for="parley-composer" class="visually-hidden">
          {t.yourMessage}
        </label>
        <textarea
          id="parley-composer"
          ref={composer}
          rows={1}
          maxLength={4000}
          value={draft}
          placeholder={
            disabled
              ? t.previewPlaceholder
              : showForm && plan.blocking
                ? t.formFirstPlaceholder
                : t.placeholder
          }
          disabled={disabled || (showForm && plan.blocking)}
          onInput={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
        />
        <button
          type="button"
          class="icon-button"
          aria-label={t.emoji}
          title={t.emoji}
          aria-expanded={emojiOpen}
          disabled={disabled}
          onPointerEnter={() => void EmojiPicker.preload().catch(() => {})}
          onClick={() => setEmojiOpen((open) => !open)}
        >
          😊
        </button>
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
          class="composer-button"
          aria-label={t.attach}
          title={t.attach}
          disabled={disabled}
          onClick={() => picker.current?.click()}
        >
          <AttachIcon />
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
              class="composer-button"
              aria-label={t.takePhoto}
              title={t.takePhoto}
              disabled={disabled}
              onClick={() => camera.current?.click()}
            >
              <CameraIcon />
            </button>
          </>
        ) : null}
        <button type="submit" class="send-button" disabled={disabled || !draft.trim()}>
          {t.send}
        </button>
      </form>
    </>
  )
}
