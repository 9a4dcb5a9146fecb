import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { STORAGE_KEY } from './auth.ts'
import type { Backend } from './backend.ts'
import { type Attributes, ChatApiError } from './chat-api.ts'
import { ChatTab } from './chat-tab.tsx'
import { parseTheme } from './config.ts'
import { type ConsentAsk, ConsentScreen } from './consent.tsx'
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
import { direction } from './i18n/locale.ts'
import { StringsContext, useLoadedStrings } from './i18n/strings.tsx'
import { CloseIcon } from './icons.tsx'
import { lazy } from './lazy.tsx'
import type { WidgetConfig } from './rows.ts'
import { Tabs } from './tabs.tsx'
import { useChat } from './use-chat.ts'
import { consentTextFor, faqsFor, greetingFor, useVisitorLocale } from './visitor-locale.ts'

// Separate chunks: fetched when their tab is first pointed at or opened, never on the chat's first open.
const FaqTab = lazy(() => import('./faq-tab.tsx').then((m) => m.FaqTab))
const HistoryTab = lazy(() => import('./history-tab.tsx').then((m) => m.HistoryTab))
const PaymentCard = lazy(() => import('./payment-card.tsx').then((m) => m.PaymentCard))

type Props = { publicId: string; backend: Backend; storage: Storage | null }

/**
 * The chat UI inside the iframe. It lives on the visitor's session in this frame's storage (an anonymous
 * sign-in), never on the dashboard's cookies.
 */
export function Widget({ publicId, backend, storage }: Props) {
  const host = useMemo(hostOrigin, [])
  // The dashboard's appearance preview: the real UI with unsaved theme changes, but no visitor and no chat.
  const preview = useMemo(isPreview, [])
  const [previewTheme, setPreviewTheme] = useState<PreviewTheme | null>(null)
  const [config, setConfig] = useState<WidgetConfig | null | undefined>(undefined)
  const [configError, setConfigError] = useState(false)
  const [visitorReady, setVisitorReady] = useState(false)
  // The consent the chatbot asks for before anything is stored; null once there is nothing to ask.
  const [consent, setConsent] = useState<ConsentAsk | null>(null)
  const [user, setUser] = useState<HostUser | null>(null)
  const [attributes, setAttributes] = useState<Attributes>({})
  const [tab, setTab] = useState('chat')
  const [sent, setSent] = useState(0)
  const composer = useRef<HTMLTextAreaElement>(null)
  const [hostLocale, setHostLocale] = useState<{ requested?: string; pageLang?: string }>({})
  const locale = useVisitorLocale(config?.chatbot.languages, hostLocale)
  const { strings: t } = useLoadedStrings(locale)

  useEffect(() => {
    backend.publicDb.rpc('widget_config', { p_public_id: publicId }).then(({ data, error }) => {
      if (error) setConfigError(true)
      else setConfig(data as WidgetConfig | null)
    })
  }, [backend, publicId])

  useEffect(() => (preview ? listenToPreview(setPreviewTheme) : undefined), [preview])

  // Every visitor is someone: a returning one keeps the session in this frame's storage. A new one is signed
  // in (which stores that session) only after accepting the chatbot's consent text, when it has one.
  useEffect(() => {
    if (preview) return
    let cancelled = false
    const ready = () => {
      if (!cancelled) setVisitorReady(true)
    }
    const start = () =>
      backend
        .signIn()
        .then(ready)
        .catch(() => {
          // Offline on first visit, or the auth server is down: try again when the browser is back online.
          window.addEventListener('online', () => void backend.signIn().then(ready, () => {}), { once: true })
        })
    if (storage?.getItem(STORAGE_KEY)) void start()
    else
      backend.publicDb.rpc('widget_consent', { p_public_id: publicId }).then(({ data, error }) => {
        if (cancelled) return
        const ask = data as ConsentAsk | null
        if (error) setConfigError(true)
        else if (ask?.required) setConsent(ask)
        else void start()
      })
    return () => {
      cancelled = true
    }
  }, [backend, preview, publicId, storage])

  const acceptConsent = async (version: number) => {
    await backend.signIn()
    await backend.api.recordConsent({ chatbot: publicId, version, locale }).catch((error: unknown) => {
      // The text changed again while it was on screen: show the current one.
      if (error instanceof ChatApiError && error.code === 'consent_outdated') askConsentAgain()
      throw error
    })
    setConsent(null)
    setVisitorReady(true)
    chat.sendQueued()
  }

  // The server refused to store more (consent_required): the text changed since this visitor accepted it.
  const askConsentAgain = () => {
    backend.publicDb.rpc('widget_consent', { p_public_id: publicId }).then(({ data }) => {
      const ask = data as ConsentAsk | null
      if (ask?.required) setConsent(ask)
    })
  }

  const identity = useMemo(() => identityOf(user), [user])
  const chat = useChat({
    backend,
    publicId,
    storage,
    visitorReady,
    language: locale,
    strings: t,
    onConsentRequired: askConsentAgain,
    identity,
    attributes,
    onIncoming: (m) =>
      postToHost(host, {
        type: 'message',
        message: { sender: m.sender, content: m.content, created_at: m.created_at },
      }),
  })

  // Asked for when the chat opens, which may be before the config has drawn the composer.
  const [focusAsked, setFocusAsked] = useState(0)
  const focusComposer = useCallback(() => {
    setTab('chat')
    setFocusAsked((n) => n + 1)
  }, [])
  const drawn = Boolean(config)
  useEffect(() => {
    if (focusAsked && drawn) composer.current?.focus()
  }, [focusAsked, drawn])

  useEffect(
    () =>
      listenToHost(host, (message) => {
        if (message.type === 'init') {
          setHostLocale({ requested: message.locale, pageLang: message.lang })
          setUser(message.user)
          setAttributes(message.attrs ?? {})
          if (message.open) focusComposer()
        } else if (message.type === 'user') setUser(message.user)
        else if (message.type === 'attributes') setAttributes(message.attrs ?? {})
        else if (message.type === 'open') focusComposer()
        else if (message.type === 'locale') setHostLocale((h) => ({ ...h, requested: message.locale }))
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
      <div class="widget">
        <p class="center" role="alert">
          {config === null ? t.notAvailable : t.couldNotLoad}
        </p>
      </div>
    )
  }
  if (!config) return <div class="widget" aria-busy="true" />

  const theme = parseTheme(previewTheme?.theme ?? config.chatbot.theme, config.chatbot.name)
  const greeting = previewTheme ? previewTheme.greeting : greetingFor(config.chatbot, locale)
  // The dashboard's consent editor: the text as the visitor will be asked (accepting it only hides it here).
  const previewConsent = preview ? previewTheme?.consent : null
  const faqs = faqsFor(config.faqs ?? [], locale, config.chatbot.languages)
  const subtitle =
    chat.status === 'human' ? t.personHere(config.store.name) : chat.online ? config.store.name : t.offline

  return (
    <StringsContext.Provider value={t}>
      <div
        class="widget"
        lang={locale}
        dir={direction(locale)}
        style={{ '--parley-color': theme.color, '--parley-on-color': theme.onColor }}
        data-testid="parley-widget"
        data-connection={chat.connection}
        data-session={chat.sessionId ?? ''}
      >
        <header class="header">
          {theme.avatarUrl ? (
            <img class="avatar" src={theme.avatarUrl} alt="" />
          ) : (
            <span class="avatar" aria-hidden="true">
              {theme.title.slice(0, 1).toUpperCase()}
            </span>
          )}
          <div class="header-text">
            <h1>{theme.title}</h1>
            <p>{subtitle}</p>
          </div>
          {host ? (
            <button
              type="button"
              class="icon-button"
              aria-label={t.closeChat}
              onClick={() => postToHost(host, { type: 'close' })}
            >
              <CloseIcon />
            </button>
          ) : null}
        </header>
        {previewConsent ? (
          <ConsentScreen
            key={previewConsent.text}
            ask={{ required: true, version: 0, ...previewConsent }}
            text={consentTextFor(previewConsent, locale, config.chatbot.languages)}
            onAccept={async () => setPreviewTheme((p) => p && { ...p, consent: null })}
          />
        ) : consent ? (
          <ConsentScreen
            key={consent.version}
            ask={consent}
            text={consentTextFor(consent, locale, config.chatbot.languages)}
            onAccept={acceptConsent}
          />
        ) : (
          <Tabs
            label={t.sections}
            selected={tab}
            onSelect={setTab}
            onIntent={(id) => {
              if (id === 'faq') void FaqTab.preload().catch(() => {})
              if (id === 'history' && !preview) void HistoryTab.preload().catch(() => {})
            }}
            tabs={[
              {
                id: 'chat',
                label: t.tabChat,
                keepMounted: true,
                content: () => (
                  <ChatTab
                    chat={chat}
                    botName={config.chatbot.name}
                    storeName={config.store.name}
                    handoff={config.handoff}
                    greeting={greeting}
                    composer={composer}
                    disabled={preview}
                    prechatForm={previewTheme?.prechatForm ?? config.chatbot.prechat_form}
                    payment={(id) => (
                      <PaymentCard
                        id={id}
                        db={backend.db}
                        live={chat.payments[id]}
                        version={chat.messages.length}
                      />
                    )}
                  />
                ),
              },
              { id: 'faq', label: t.tabFaq, content: () => <FaqTab faqs={faqs} onAsk={ask} /> },
              {
                id: 'history',
                label: t.tabHistory,
                content: () =>
                  preview ? (
                    <p class="center">{t.historyPreview}</p>
                  ) : (
                    <HistoryTab
                      db={backend.db}
                      chatbotId={config.chatbot.id}
                      botName={config.chatbot.name}
                      currentSessionId={chat.sessionId}
                      refreshKey={`${chat.sessionId}:${sent}:${chat.messages.length}`}
                      onResume={(id) => {
                        chat.resume(id)
                        focusComposer()
                      }}
                    />
                  ),
              },
            ]}
          />
        )}
      </div>
    </StringsContext.Provider>
  )
}
