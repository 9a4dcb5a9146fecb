import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks'
import type { Backend } from './backend.ts'
import { type Attributes, ChatApiError, type Identity, NetworkError } from './chat-api.ts'
import type { Strings } from './i18n/en.ts'
import { errorText } from './i18n/errors.ts'
import { type ChatMessage, fromRow, mergeMessages } from './messages.ts'
import { Outbox, type Outgoing } from './outbox.ts'
import type { HandoffState, MessageRow, PaymentRow, SessionState, SessionStatus } from './rows.ts'

/** Realtime state of the open conversation: `idle` until there is one, `reconnecting` while it is down. */
export type Connection = 'idle' | 'connecting' | 'live' | 'reconnecting'

type Options = {
  backend: Backend
  publicId: string
  storage: Storage | null
  /** signed in (anonymously or not): reads and realtime may start */
  visitorReady: boolean
  identity?: Identity
  attributes: Attributes
  /** the visitor's language (i18n/locale.ts): the session's, which the bot answers in */
  language: string
  /** a bot's or agent's message arrived (told to the host page's `message` listeners) */
  onIncoming: (message: MessageRow) => void
  /** the interface's words, for what went wrong */
  strings: Strings
  /** the server wants (again) the visitor's consent to the chatbot's current text before it stores more */
  onConsentRequired: () => void
}

const needsConsent = (error: unknown) => error instanceof ChatApiError && error.code === 'consent_required'

const MESSAGE_COLUMNS = 'id, session_id, sender, content, created_at, client_id, attachments, metadata'
/** When a send failed without the server saying how long to wait (offline, a lost answer). */
const RETRY_MS = 5000
const POLL_MS = 4000
const TYPING_TIMEOUT_MS = 15_000
/**
 * The bot's answer after a photo waits for the photo's analysis (the chat function waits up to 8 s for it):
 * the bot shows as typing meanwhile, until a reply arrives or this long has passed.
 */
const PHOTO_REPLY_MS = 12_000

function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

const pendingOf = (item: Outgoing, pending: ChatMessage['pending'], error?: string): ChatMessage => ({
  key: item.client_id,
  client_id: item.client_id,
  sender: 'customer',
  content: item.content,
  created_at: item.created_at,
  pending,
  error,
})

/**
 * The visitor's conversation: the stored session id, its messages (stored rows + the offline queue),
 * sending through the chat function, live updates over realtime (with polling while realtime is down),
 * the team's typing, and resuming or starting conversations.
 */
export function useChat(options: Options) {
  const { backend, publicId, storage, visitorReady } = options
  const { db, realtime, api } = backend
  const latest = useRef(options)
  latest.current = options
  const sessionKey = `parley:${publicId}:session`
  const outbox = useMemo(() => new Outbox(storage, `parley:${publicId}:outbox`), [storage, publicId])

  const [sessionId, setSessionIdState] = useState<string | null>(() => storage?.getItem(sessionKey) ?? null)
  const sessionRef = useRef(sessionId)
  const [messages, setMessages] = useState<ChatMessage[]>(() =>
    outbox.list().map((item) => pendingOf(item, 'queued')),
  )
  const [status, setStatus] = useState<SessionStatus | null>(null)
  /** chat_sessions.handoff_state: 'failing' or 'dead' while Chatwoot cannot be reached. */
  const [handoffState, setHandoffState] = useState<HandoffState>(null)
  const [connection, setConnection] = useState<Connection>('idle')
  const [typing, setTyping] = useState<'bot' | 'agent' | null>(null)
  /** Payment requests as realtime last reported them (the card reads the rest itself). */
  const [payments, setPayments] = useState<Record<string, PaymentRow>>({})
  const [online, setOnline] = useState(() => navigator.onLine)
  const [loadError, setLoadError] = useState<string | null>(null)
  /** Why queued messages wait (a limit, a short outage), in the server's words; null once one is sent. */
  const [notice, setNotice] = useState<string | null>(null)
  const announced = useRef(new Set<number>())
  const typingTimer = useRef<ReturnType<typeof setTimeout>>(undefined)
  /** Until when a photo's analysis may still hold the bot's next reply (ms). */
  const photoUntil = useRef(0)
  const statusRef = useRef(status)
  statusRef.current = status
  const retryTimer = useRef<ReturnType<typeof setTimeout>>(undefined)
  /** Nothing is sent before this time (ms): the server's Retry-After, honoured even when more is written. */
  const holdUntil = useRef(0)
  const flushing = useRef(false)
  const creating = useRef<Promise<string> | null>(null)
  const synced = useRef('')
  const rejected = useRef('')
  const historyRead = useRef<string | null>(null)

  const merge = useCallback((incoming: ChatMessage[]) => {
    setMessages((current) => mergeMessages(current, incoming))
  }, [])

  /** The bot is about to answer (no broadcast says so): typing until a reply arrives or `ms` have passed. */
  const botWillAnswer = useCallback((ms: number) => {
    // A person (or the wait for one) answers now, not the bot.
    if (statusRef.current !== null && statusRef.current !== 'bot') return
    clearTimeout(typingTimer.current)
    setTyping('bot')
    typingTimer.current = setTimeout(() => setTyping(null), ms)
  }, [])

  const receive = useCallback(
    (rows: MessageRow[], announce: boolean) => {
      merge(rows.map(fromRow))
      const fresh = rows.filter((row) => !announced.current.has(row.id))
      for (const row of fresh) {
        announced.current.add(row.id)
        if (announce && row.sender !== 'customer' && row.sender !== 'system') latest.current.onIncoming(row)
      }
      // A reply seen before (the HTTP answer, then realtime's copy) must not hide a newer "is typing".
      if (fresh.some((r) => r.sender === 'bot' || r.sender === 'agent')) setTyping(null)
    },
    [merge],
  )

  const setSession = useCallback(
    (id: string | null) => {
      sessionRef.current = id
      setSessionIdState(id)
      try {
        if (id) storage?.setItem(sessionKey, id)
        else storage?.removeItem(sessionKey)
      } catch {
        // blocked storage: the session lasts as long as the page
      }
    },
    [storage, sessionKey],
  )

  /** Reads the session's stored messages and status (RLS: only the visitor's own sessions). */
  const load = useCallback(
    async (sid: string) => {
      const [rows, session] = await Promise.all([
        db.from('messages').select(MESSAGE_COLUMNS).eq('session_id', sid).order('id').limit(500),
        db.from('chat_sessions').select('status, handoff_state').eq('id', sid).maybeSingle(),
      ])
      if (sessionRef.current !== sid) return
      if (rows.error || session.error) {
        setLoadError(latest.current.strings.conversationLoadError)
        return
      }
      setLoadError(null)
      if (!session.data) {
        // Not ours (any more): e.g. the anonymous sign-in was cleared. Start afresh on the next message.
        setSession(null)
        return
      }
      setStatus(session.data.status)
      setHandoffState(session.data.handoff_state)
      // The first read of a resumed session is its history, not news for the host page.
      receive(rows.data, historyRead.current === sid)
      historyRead.current = sid
    },
    [db, receive, setSession],
  )

  const ensureSession = useCallback(async (): Promise<string> => {
    if (sessionRef.current) return sessionRef.current
    creating.current ??= (async () => {
      const { attributes, language } = latest.current
      let identity = latest.current.identity
      if (identity && JSON.stringify(identity) === rejected.current) identity = undefined
      const start = () => api.startSession({ chatbot: publicId, identity, attributes, language })
      try {
        const { session } = await start().catch((error: unknown) => {
          // A wrong identifier_hash must not lock the visitor out: chat on anonymously (nothing is linked).
          if (!(error instanceof ChatApiError && error.code === 'invalid_identity')) throw error
          console.warn('Parley: setUser identifier_hash was refused; chatting anonymously')
          rejected.current = JSON.stringify(identity)
          identity = undefined
          return start()
        })
        synced.current = JSON.stringify([session.id, identity ?? null, attributes])
        historyRead.current = session.id // a new session has no history: everything in it is news
        setSession(session.id)
        setStatus(session.status)
        return session.id
      } finally {
        creating.current = null
      }
    })()
    return creating.current
  }, [api, publicId, setSession])

  /** Sends the queued messages in order; stops at the first one that cannot go yet. */
  const flush = useCallback(async () => {
    if (flushing.current) return
    flushing.current = true
    clearTimeout(retryTimer.current)
    try {
      const wait = holdUntil.current - Date.now()
      if (wait > 0) {
        // The server asked to wait: everything stays queued (and visible) until then.
        merge(outbox.list().map((item) => pendingOf(item, 'queued')))
        retryTimer.current = setTimeout(() => void flush(), wait)
        return
      }
      for (let item = outbox.list()[0]; item; item = outbox.list()[0]) {
        if (!navigator.onLine) {
          merge([pendingOf(item, 'queued')])
          break
        }
        merge([pendingOf(item, 'sending')])
        try {
          const sid = await ensureSession()
          // A line right after a photo is answered once the photo is analysed: the bot types meanwhile.
          if (photoUntil.current > Date.now()) botWillAnswer(PHOTO_REPLY_MS)
          const result = await api.sendMessage({
            session_id: sid,
            content: item.content,
            client_id: item.client_id,
          })
          outbox.remove(item.client_id)
          setNotice(null)
          receive(result.reply ? [result.message, result.reply] : [result.message], true)
          if (result.handoff) setStatus((s) => (s === 'bot' || s === null ? 'queued' : s))
        } catch (error) {
          if (needsConsent(error)) {
            // Kept in the queue until the visitor has accepted the current text (sendQueued).
            merge(outbox.list().map((queued) => pendingOf(queued, 'queued')))
            latest.current.onConsentRequired()
            break
          }
          if (error instanceof NetworkError || (error instanceof ChatApiError && error.retryable)) {
            // Kept in the queue with the same client id: the retry is stored once even if this one was.
            const delay = (error instanceof ChatApiError && error.retryAfterMs) || RETRY_MS
            holdUntil.current = Date.now() + delay
            if (error instanceof ChatApiError) setNotice(errorText(error, latest.current.strings))
            merge(outbox.list().map((queued) => pendingOf(queued, 'queued')))
            retryTimer.current = setTimeout(() => void flush(), delay)
            break
          }
          outbox.remove(item.client_id)
          merge([pendingOf(item, 'failed', errorText(error, latest.current.strings))])
        }
      }
    } finally {
      flushing.current = false
    }
  }, [outbox, api, ensureSession, merge, receive, botWillAnswer])

  /** The pre-chat form's answers (checked by the form): the session starts now if it has not. */
  const submitForm = useCallback(
    async (answers: Record<string, string | number | boolean>, locale: string) => {
      try {
        const sid = await ensureSession()
        const result = await api.submitForm({ session_id: sid, answers, locale })
        if (result.message) receive([result.message], true)
      } catch (error) {
        if (needsConsent(error)) latest.current.onConsentRequired()
        throw error
      }
    },
    [api, ensureSession, receive],
  )

  const send = useCallback(
    (content: string) => {
      const text = content.trim()
      if (!text) return
      const item: Outgoing = {
        client_id: uuid(),
        content: text.slice(0, 4000),
        created_at: new Date().toISOString(),
      }
      outbox.add(item)
      const waiting = !navigator.onLine || holdUntil.current > Date.now()
      merge([pendingOf(item, waiting ? 'queued' : 'sending')])
      void flush()
    },
    [outbox, merge, flush],
  )

  const retry = useCallback(
    (message: ChatMessage) => {
      if (!message.client_id) return
      const item = { client_id: message.client_id, content: message.content, created_at: message.created_at }
      outbox.add(item)
      merge([pendingOf(item, 'sending')])
      void flush()
    },
    [outbox, merge, flush],
  )

  /** Sends a file or photo: the upload code is its own chunk, fetched the first time one is sent. */
  const sendFile = useCallback(
    async (file: File) => {
      const key = uuid()
      const shown: ChatMessage = {
        key,
        client_id: key,
        sender: 'customer',
        content: file.name,
        created_at: new Date().toISOString(),
        file: true,
      }
      merge([{ ...shown, pending: 'sending' }])
      try {
        const sid = await ensureSession()
        const { uploadFile } = await import('./upload.ts')
        const { message } = await uploadFile(api, sid, file, key)
        receive([message], true)
        if (file.type.startsWith('image/')) {
          photoUntil.current = Date.now() + PHOTO_REPLY_MS
          botWillAnswer(PHOTO_REPLY_MS)
        }
      } catch (error) {
        if (needsConsent(error)) latest.current.onConsentRequired()
        merge([{ ...shown, pending: 'failed', error: errorText(error, latest.current.strings) }])
      }
    },
    [api, ensureSession, merge, receive, botWillAnswer],
  )

  /** A download link for a file of this conversation (asked once per file while the chat is open). */
  const links = useRef(new Map<string, Promise<string | null>>())
  const attachmentUrl = useCallback(
    (path: string): Promise<string | null> => {
      const sid = sessionRef.current
      if (!sid) return Promise.resolve(null)
      let link = links.current.get(path)
      if (!link) {
        link = api.attachmentUrls({ session_id: sid, paths: [path] }).then(
          (r) => r.urls[path] ?? null,
          () => {
            links.current.delete(path)
            return null
          },
        )
        links.current.set(path, link)
      }
      return link
    },
    [api],
  )

  const switchTo = useCallback(
    (id: string | null) => {
      if (id === sessionRef.current) return
      setSession(id)
      setStatus(null)
      setHandoffState(null)
      setTyping(null)
      setMessages(outbox.list().map((item) => pendingOf(item, 'queued')))
    },
    [setSession, outbox],
  )

  // The stored session's history, once signed in (and again whenever the session changes).
  useEffect(() => {
    if (visitorReady && sessionId) void load(sessionId)
  }, [visitorReady, sessionId, load])

  // Queued messages from an earlier visit go out as soon as the visitor is signed in.
  useEffect(() => {
    if (visitorReady) void flush()
  }, [visitorReady, flush])

  useEffect(() => {
    const up = () => {
      setOnline(true)
      void flush()
      if (sessionRef.current) void load(sessionRef.current)
    }
    const down = () => setOnline(false)
    window.addEventListener('online', up)
    window.addEventListener('offline', down)
    return () => {
      window.removeEventListener('online', up)
      window.removeEventListener('offline', down)
      clearTimeout(retryTimer.current)
    }
  }, [flush, load])

  // Live updates: new messages, the session's status (handoff) and typing, on one channel per session. It
  // is private: only this session's visitor and its store's team may join, and only the server broadcasts.
  useEffect(() => {
    if (!visitorReady || !sessionId) {
      setConnection('idle')
      return
    }
    setConnection('connecting')
    const channel = realtime
      .channel(`session:${sessionId}`, { config: { private: true } })
      .on<MessageRow>(
        'postgres_changes',
        { event: 'INSERT', schema: 'public', table: 'messages', filter: `session_id=eq.${sessionId}` },
        (payload) => receive([payload.new], true),
      )
      // A payment card's status and page, as the job and the store's Stripe webhook change them.
      .on<PaymentRow>(
        'postgres_changes',
        {
          event: 'UPDATE',
          schema: 'public',
          table: 'payment_requests',
          filter: `session_id=eq.${sessionId}`,
        },
        (payload) => setPayments((all) => ({ ...all, [payload.new.id]: payload.new })),
      )
      .on<SessionState>(
        'postgres_changes',
        { event: 'UPDATE', schema: 'public', table: 'chat_sessions', filter: `id=eq.${sessionId}` },
        (payload) => {
          setStatus(payload.new.status)
          setHandoffState(payload.new.handoff_state ?? null)
        },
      )
      .on('broadcast', { event: 'typing' }, ({ payload }) => {
        const p = payload as { sender?: string; typing?: boolean }
        if (p.sender !== 'bot' && p.sender !== 'agent') return
        clearTimeout(typingTimer.current)
        setTyping(p.typing ? p.sender : null)
        if (p.typing) typingTimer.current = setTimeout(() => setTyping(null), TYPING_TIMEOUT_MS)
      })
      .subscribe((state) => {
        if (state === 'SUBSCRIBED') {
          setConnection('live')
          // Catch up on anything written while the channel was down.
          void load(sessionId)
        } else if (state !== 'CLOSED') setConnection('reconnecting')
      })
    return () => {
      clearTimeout(typingTimer.current)
      void realtime.removeChannel(channel)
    }
  }, [realtime, visitorReady, sessionId, receive, load])

  // While realtime is down the conversation still updates, just slower.
  useEffect(() => {
    if (!visitorReady || !sessionId || connection === 'live' || connection === 'idle' || !online) return
    const timer = setInterval(() => void load(sessionId), POLL_MS)
    return () => clearInterval(timer)
  }, [visitorReady, sessionId, connection, online, load])

  // A verified identity or attributes set by the host after the session started are sent to it.
  const { identity, attributes } = options
  useEffect(() => {
    if (!visitorReady) return
    if (!sessionId) {
      // A verified customer on a new device: link this visitor to the contact now, so History shows the
      // conversations from their other devices before they write anything.
      if (identity)
        ensureSession().catch((error: unknown) => console.warn('Parley: could not verify the visitor', error))
      return
    }
    const key = JSON.stringify([sessionId, identity ?? null, attributes])
    if (key === synced.current) return
    if (!identity && Object.keys(attributes).length === 0) return
    synced.current = key
    api
      .startSession({ chatbot: publicId, session_id: sessionId, identity, attributes })
      .catch((error: unknown) => console.warn('Parley: could not update the visitor', error))
  }, [api, publicId, visitorReady, sessionId, identity, attributes, ensureSession])

  return {
    sessionId,
    messages,
    payments,
    status,
    handoffState,
    connection,
    typing,
    online,
    loadError,
    notice,
    send,
    submitForm,
    sendFile,
    attachmentUrl,
    retry,
    /** Sends what waits in the queue (after the visitor accepted the consent text again). */
    sendQueued: () => void flush(),
    resume: (id: string) => switchTo(id),
    startNew: () => switchTo(null),
  }
}
