'use client'
import { Tabs } from '@radix-ui/themes'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { type CSSProperties, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { type Attributes, ChatApi } from './chat-api.ts'
import { ChatTab } from './chat-tab.tsx'
import { parseTheme, type WidgetConfig } from './config.ts'
import { FaqTab } from './faq-tab.tsx'
import { HistoryTab } from './history-tab.tsx'
import {
  type HostUser,
  hostOrigin,
  identityOf,
  isPreview,
  listenToHost,
  listenToPreview,
  type PreviewTheme,
  postToHost,
} from './host-bridge.ts'
import { browserStorage } from './outbox.ts'
import { useChat } from './use-chat.ts'
import styles from './widget.module.css'

type Props = { publicId: string; supabaseUrl: string; anonKey: string }

let client: SupabaseClient | undefined

let signingIn: Promise<void> | undefined

/** The visitor's session: the stored one, or a new anonymous sign-in (one at a time, never two users). */
function signIn(supabase: SupabaseClient): Promise<void> {
  signingIn ??= (async () => {
    const { data } = await supabase.auth.getSession()
    if (data.session) return
    const { error } = await supabase.auth.signInAnonymously()
    if (error) throw error
  })().finally(() => {
    signingIn = undefined
  })
  return signingIn
}

/** One client per frame (React may run memo initialisers twice in development). */
function visitorClient(url: string, key: string, storage: Storage | null): SupabaseClient {
  client ??= createClient(url, key, {
    auth: {
      storageKey: 'parley-widget-auth',
      storage: storage ?? undefined,
      persistSession: true,
      autoRefreshToken: true,
      detectSessionInUrl: false,
    },
  })
  return client
}

/**
 * The chat UI inside the iframe. Rendered in the browser only: it lives on the visitor's session in this
 * frame's storage (an anonymous sign-in), never on the dashboard's cookies.
 */
export function WidgetApp(props: Props) {
  const [mounted, setMounted] = useState(false)
  useEffect(() => setMounted(true), [])
  // The API URL is public (it is in the client bundle too); tests read it from here.
  if (!mounted)
    return <div className={styles.widget} aria-busy="true" data-supabase-url={props.supabaseUrl} />
  return <Widget {...props} />
}

function Widget({ publicId, supabaseUrl, anonKey }: Props) {
  const storage = useMemo(browserStorage, [])
  const supabase = useMemo(
    () => visitorClient(supabaseUrl, anonKey, storage),
    [supabaseUrl, anonKey, storage],
  )
  const api = useMemo(() => new ChatApi(supabase, supabaseUrl, anonKey), [supabase, supabaseUrl, anonKey])
  const host = useMemo(hostOrigin, [])
  // The dashboard's appearance preview: the real UI with unsaved theme changes, but no visitor and no chat.
  const preview = useMemo(isPreview, [])
  const [previewTheme, setPreviewTheme] = useState<PreviewTheme | null>(null)
  const [config, setConfig] = useState<WidgetConfig | null | undefined>(undefined)
  const [configError, setConfigError] = useState(false)
  const [visitorReady, setVisitorReady] = useState(false)
  const [user, setUser] = useState<HostUser | null>(null)
  const [attributes, setAttributes] = useState<Attributes>({})
  const [tab, setTab] = useState('chat')
  const [sent, setSent] = useState(0)
  const composer = useRef<HTMLTextAreaElement>(null)

  useEffect(() => {
    supabase.rpc('widget_config', { p_public_id: publicId }).then(({ data, error }) => {
      if (error) setConfigError(true)
      else setConfig(data as WidgetConfig | null)
    })
  }, [supabase, publicId])

  // Every visitor is someone: a returning one keeps the session in this frame's storage.
  useEffect(() => (preview ? listenToPreview(setPreviewTheme) : undefined), [preview])

  useEffect(() => {
    if (preview) return
    let cancelled = false
    const ready = () => {
      if (!cancelled) setVisitorReady(true)
    }
    signIn(supabase)
      .then(ready)
      .catch(() => {
        // Offline on first visit, or the auth server is down: try again when the browser is back online.
        window.addEventListener('online', () => void signIn(supabase).then(ready, () => {}), { once: true })
      })
    return () => {
      cancelled = true
    }
  }, [supabase, preview])

  const identity = useMemo(() => identityOf(user), [user])
  const chat = useChat({
    supabase,
    api,
    publicId,
    storage,
    visitorReady,
    identity,
    attributes,
    onIncoming: (m) =>
      postToHost(host, {
        type: 'message',
        message: { sender: m.sender, content: m.content, created_at: m.created_at },
      }),
  })

  const focusComposer = useCallback(() => {
    setTab('chat')
    requestAnimationFrame(() => composer.current?.focus())
  }, [])

  useEffect(
    () =>
      listenToHost(host, (message) => {
        if (message.type === 'init') {
          setUser(message.user)
          setAttributes(message.attrs ?? {})
          if (message.open) focusComposer()
        } else if (message.type === 'user') setUser(message.user)
        else if (message.type === 'attributes') setAttributes(message.attrs ?? {})
        else if (message.type === 'open') focusComposer()
      }),
    [host, focusComposer],
  )
  useEffect(() => postToHost(host, { type: 'ready' }), [host])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && host) postToHost(host, { type: 'close' })
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [host])

  const ask = (question: string) => {
    if (preview) return
    chat.send(question)
    setSent((n) => n + 1)
    focusComposer()
  }

  if (configError || config === null) {
    return (
      <div className={styles.widget}>
        <p className={styles.center} role="alert">
          {config === null
            ? 'This chat is not available.'
            : 'The chat could not load. Please try again later.'}
        </p>
      </div>
    )
  }
  if (!config) return <div className={styles.widget} aria-busy="true" />

  const theme = parseTheme(previewTheme?.theme ?? config.chatbot.theme, config.chatbot.name)
  const greeting = previewTheme ? previewTheme.greeting : config.chatbot.greeting
  const style = {
    '--parley-color': theme.color,
    '--parley-on-color': theme.onColor,
    '--accent-indicator': theme.color,
  } as CSSProperties
  const subtitle =
    chat.status === 'human'
      ? `A person from ${config.store.name} is here`
      : chat.online
        ? config.store.name
        : 'Offline'

  return (
    <div
      className={styles.widget}
      style={style}
      data-testid="parley-widget"
      data-connection={chat.connection}
      data-session={chat.sessionId ?? ''}
    >
      <header className={styles.header}>
        {theme.avatarUrl ? (
          // biome-ignore lint/performance/noImgElement: a store's own avatar URL, any host; next/image would need it allow-listed
          <img className={styles.avatar} src={theme.avatarUrl} alt="" />
        ) : (
          <span className={styles.avatar} aria-hidden="true">
            {theme.title.slice(0, 1).toUpperCase()}
          </span>
        )}
        <div className={styles.headerText}>
          <h1>{theme.title}</h1>
          <p>{subtitle}</p>
        </div>
        {host ? (
          <button
            type="button"
            className={styles.iconButton}
            aria-label="Close chat"
            onClick={() => postToHost(host, { type: 'close' })}
          >
            <svg
              width="20"
              height="20"
              viewBox="0 0 24 24"
              fill="none"
              stroke="currentColor"
              strokeWidth="2"
              aria-hidden="true"
            >
              <path d="M6 6l12 12M18 6L6 18" />
            </svg>
          </button>
        ) : null}
      </header>
      <Tabs.Root value={tab} onValueChange={setTab} className={styles.tabs}>
        <Tabs.List aria-label="Chat sections">
          <Tabs.Trigger value="chat">Chat</Tabs.Trigger>
          <Tabs.Trigger value="faq">FAQ</Tabs.Trigger>
          <Tabs.Trigger value="history">History</Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="chat" forceMount className={styles.panel} id="main">
          <ChatTab
            chat={chat}
            botName={config.chatbot.name}
            storeName={config.store.name}
            handoff={config.handoff}
            greeting={greeting}
            composer={composer}
            disabled={preview}
          />
        </Tabs.Content>
        <Tabs.Content value="faq" className={styles.panel}>
          <FaqTab faqs={config.faqs ?? []} onAsk={ask} />
        </Tabs.Content>
        <Tabs.Content value="history" className={styles.panel}>
          {preview ? (
            <p className={styles.center}>Visitors find their past conversations here.</p>
          ) : (
            <HistoryTab
              supabase={supabase}
              chatbotId={config.chatbot.id}
              botName={config.chatbot.name}
              currentSessionId={chat.sessionId}
              refreshKey={`${chat.sessionId}:${sent}:${chat.messages.length}`}
              onResume={(id) => {
                chat.resume(id)
                focusComposer()
              }}
            />
          )}
        </Tabs.Content>
      </Tabs.Root>
    </div>
  )
}
