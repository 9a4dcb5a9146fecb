// Parley's widget loader, served at /widget.js (build.mjs bundles it into one small script). It must stay
// under 3 KB gzipped (the size test checks), so it only draws the launcher: the chat UI is an iframe
// created the first time the visitor opens it. Nothing the host page passes is ever parsed as HTML.
import type { HostMessage, HostUser, WidgetEvent } from './host-bridge.ts'
import { chooseLocale } from './i18n/locale.ts'

// The launcher's own words in the chat UI's languages: open, close, "new" (unread replies), chat (the frame).
const WORDS: Record<string, string> = {
  en: 'Open chat|Close chat|new|Chat',
  de: 'Chat öffnen|Chat schließen|neu|Chat',
  fr: 'Ouvrir le chat|Fermer le chat|nouveaux|Chat',
  es: 'Abrir el chat|Cerrar el chat|nuevos|Chat',
  nl: 'Chat openen|Chat sluiten|nieuw|Chat',
  pt: 'Abrir o chat|Fechar o chat|novas|Chat',
  ar: 'افتح المحادثة|أغلق المحادثة|جديدة|محادثة',
}

type Handler = (data?: unknown) => void
type Scalars = Record<string, string | number | boolean>
type Api = {
  loaded: true
  open(): void
  close(): void
  toggle(): void
  setUser(identifier: string, options?: Record<string, unknown>): void
  setCustomAttributes(attributes: Record<string, unknown>): void
  setLocale(locale: string): void
  on(name: string, callback: Handler): void
}
/** Calls a page made before the loader ran: window.$parley = [['setUser', id, {...}], ['open']] */
type Queued = [name: string, ...args: unknown[]][]

declare global {
  interface Window {
    $parley?: Api | Queued
  }
}

const w = window
const d = document
const stub = w.$parley
const script = (d.currentScript ?? d.querySelector('script[data-chatbot]')) as HTMLScriptElement | null
const id = script?.getAttribute('data-chatbot')

if ((stub as Partial<Api> | undefined)?.loaded) {
  // Pasted twice: the first copy runs the launcher.
} else if (!script || !id || !/^[\w-]{1,64}$/.test(id)) {
  console.warn('Parley: data-chatbot is missing or invalid')
} else {
  start(script, id, Array.isArray(stub) ? stub : [])
}

function start(script: HTMLScriptElement, id: string, queued: Queued) {
  const origin = new URL(script.src, location.href).origin
  const base = `${origin}/widget/${id}`
  const handlers: Record<string, Handler[]> = {}
  const state: { user: HostUser | null; attrs: Scalars; locale?: string } = { user: null, attrs: {} }
  let frame: HTMLIFrameElement | undefined
  let ready = false
  let isOpen = false
  let mounted = false
  let botName = ''
  let languages: string[] = []
  // The language the chat UI will choose (same rule): setLocale, else the page's or browser's the chatbot
  // speaks, else its first.
  const words = () =>
    (
      WORDS[
        chooseLocale({
          requested: state.locale,
          chatbotLanguages: languages,
          pageLang: d.documentElement.lang,
          browser: navigator.languages,
        })
      ] ?? (WORDS.en as string)
    ).split('|')
  let unread = 0
  const hex = (c: unknown) => (typeof c === 'string' && /^#[0-9a-f]{3,8}$/i.test(c) ? c : '')
  const emit = (name: string, data?: unknown) => {
    for (const cb of handlers[name] ?? []) {
      try {
        cb(data)
      } catch (e) {
        console.error(e)
      }
    }
  }
  // Only JSON-safe scalars cross to the iframe (postMessage would throw on functions, DOM nodes...).
  const scalars = (o: unknown): Scalars => {
    const out: Scalars = {}
    const source = (o && typeof o === 'object' ? o : {}) as Record<string, unknown>
    for (const k of Object.keys(source).slice(0, 50)) {
      const v = source[k]
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k.slice(0, 100)] = v
    }
    return out
  }
  const post = (m: HostMessage) => {
    if (ready) frame?.contentWindow?.postMessage({ parley: 1, ...m }, origin)
  }

  const style = d.createElement('style')
  style.textContent =
    '.parley-l{position:fixed;bottom:20px;right:20px;z-index:2147483000;width:56px;height:56px;border:0;' +
    'border-radius:50%;background:var(--parley-color,#0f766e);color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.25);' +
    'cursor:pointer;display:flex;align-items:center;justify-content:center;padding:0}' +
    '.parley-l:focus-visible{outline:3px solid #2563eb;outline-offset:3px}' +
    '.parley-f{position:fixed;bottom:88px;right:20px;z-index:2147483000;width:380px;height:min(640px,calc(100vh - 108px));' +
    'border:0;border-radius:12px;box-shadow:0 8px 32px rgba(0,0,0,.25);background:#fff;display:none}' +
    '.parley-left{left:20px;right:auto}.parley-on{display:block}' +
    '.parley-b{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 5px;box-sizing:border-box;' +
    'border-radius:10px;background:#b91c1c;color:#fff;font:600 12px/20px sans-serif}.parley-b:empty{display:none}' +
    '@media (max-width:480px){.parley-f{inset:0;width:100%;height:100%;border-radius:0}.parley-l.parley-x{display:none}}'
  d.head.appendChild(style)

  const button = d.createElement('button')
  button.type = 'button'
  button.className = 'parley-l'
  const badge = d.createElement('span')
  badge.className = 'parley-b'
  const paint = () => {
    // constant markup, no host text
    button.innerHTML = `<svg width="26" height="26" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="${
      isOpen ? 'M6 6l12 12M18 6L6 18' : 'M4 4h16v12H8l-4 4z'
    }"/></svg>`
    badge.textContent = unread ? String(unread) : ''
    button.appendChild(badge)
    const [open, close, fresh, chat] = words()
    const news = unread ? ` (${unread} ${fresh})` : ''
    button.setAttribute('aria-label', isOpen ? `${close}` : `${open}${botName && `: ${botName}`}${news}`)
    if (frame) frame.title = `${chat}${botName && `: ${botName}`}`
    button.setAttribute('aria-expanded', String(isOpen))
    button.classList.toggle('parley-x', isOpen)
  }
  const theme = (t: { color?: unknown; position?: unknown; title?: unknown; languages?: unknown }) => {
    const c = hex(script.getAttribute('data-color')) || hex(t.color)
    if (c) button.style.setProperty('--parley-color', c)
    const left = (script.getAttribute('data-position') || t.position) === 'left'
    button.classList.toggle('parley-left', left)
    frame?.classList.toggle('parley-left', left)
    if (typeof t.title === 'string' && t.title) botName = t.title.slice(0, 80)
    if (Array.isArray(t.languages)) languages = t.languages.filter((l) => typeof l === 'string').slice(0, 20)
    paint()
  }

  const show = (open: boolean) => {
    if (open === isOpen) return
    isOpen = open
    if (open) unread = 0
    // The chat UI is requested only now, on the first open.
    if (open && !frame) {
      frame = d.createElement('iframe')
      frame.className = `parley-f${button.classList.contains('parley-left') ? ' parley-left' : ''}`
      frame.src = `${base}#host=${encodeURIComponent(location.origin)}`
      d.body.appendChild(frame)
    }
    frame?.classList.toggle('parley-on', open)
    paint()
    post({ type: open ? 'open' : 'close' })
    if (open) {
      frame?.focus()
      emit('open')
    } else if (d.activeElement === frame) button.focus()
  }

  w.addEventListener('message', (e: MessageEvent) => {
    // Only the iframe this loader made, at the widget's own origin, is listened to.
    if (!frame || e.source !== frame.contentWindow || e.origin !== origin) return
    const m = (e.data ?? {}) as { parley?: number } & WidgetEvent
    if (m.parley !== 1) return
    if (m.type === 'ready') {
      ready = true
      // The page's language is one the chat may choose (the iframe cannot read the host's <html lang>).
      post({
        type: 'init',
        user: state.user,
        attrs: state.attrs,
        open: isOpen,
        locale: state.locale,
        lang: d.documentElement.lang,
      })
      if (isOpen) post({ type: 'open' })
    } else if (m.type === 'close') show(false)
    else if (m.type === 'message') {
      // Replies that arrive while the chat is closed show as a count on the launcher.
      if (!isOpen) unread++
      paint()
      emit('message', m.message)
    }
  })
  button.addEventListener('click', () => show(!isOpen))

  const api: Api = {
    loaded: true,
    open: () => show(true),
    close: () => show(false),
    toggle: () => show(!isOpen),
    setUser(identifier, options) {
      state.user = { ...scalars(options), identifier: String(identifier) }
      post({ type: 'user', user: state.user })
    },
    setCustomAttributes(attrs) {
      state.attrs = { ...state.attrs, ...scalars(attrs) }
      post({ type: 'attributes', attrs: state.attrs })
    },
    setLocale(locale) {
      state.locale = String(locale).slice(0, 35)
      post({ type: 'locale', locale: state.locale })
      if (mounted) paint()
    },
    on(name, cb) {
      if (typeof cb !== 'function') return
      if (name === 'ready' && mounted) setTimeout(cb)
      else handlers[name] = [...(handlers[name] ?? []), cb]
    },
  }
  w.$parley = api

  const mount = () => {
    theme({})
    d.body.appendChild(button)
    for (const [name, ...args] of queued) {
      const call = api[name as keyof Api]
      if (typeof call === 'function') (call as (...a: unknown[]) => void)(...args)
    }
    mounted = true
    // A page that switches its language (<html lang>) has the launcher worded in the new one.
    new MutationObserver(paint).observe(d.documentElement, { attributes: true, attributeFilter: ['lang'] })
    emit('ready')
    w.dispatchEvent(new Event('parley:ready'))
    fetch(`${base}/settings`)
      .then((r) => (r.ok ? r.json() : {}))
      .then(theme, () => {})
  }
  if (d.body) mount()
  else d.addEventListener('DOMContentLoaded', mount)
}
