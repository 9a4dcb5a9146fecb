import type { Attributes, Identity } from './chat-api.ts'

/**
 * The iframe's side of the postMessage channel with /widget.js on the host page. The loader passes the
 * host's origin in the URL fragment; messages go only to that origin (if the fragment lies, the browser
 * drops them) and are accepted only from the parent window at that origin.
 */
export type HostMessage =
  | { type: 'init'; user: HostUser | null; attrs: Attributes; open: boolean; locale?: string; lang?: string }
  | { type: 'locale'; locale: string }
  | { type: 'user'; user: HostUser }
  | { type: 'attributes'; attrs: Attributes }
  | { type: 'open' }
  | { type: 'close' }

export type HostUser = { identifier: string; identifier_hash?: string; email?: string; name?: string }

export type WidgetEvent =
  | { type: 'ready' }
  | { type: 'close' }
  | { type: 'message'; message: { sender: string; content: string; created_at: string } }

export function hostOrigin(): string | null {
  if (typeof window === 'undefined' || window.parent === window) return null
  const host = new URLSearchParams(window.location.hash.slice(1)).get('host')
  if (!host) return null
  try {
    const url = new URL(host)
    return url.origin === host ? host : null
  } catch {
    return null
  }
}

export function postToHost(origin: string | null, event: WidgetEvent) {
  if (origin) window.parent.postMessage({ parley: 1, ...event }, origin)
}

export function listenToHost(origin: string | null, onMessage: (message: HostMessage) => void): () => void {
  if (!origin) return () => {}
  const listener = (e: MessageEvent) => {
    if (e.source !== window.parent || e.origin !== origin) return
    const data = e.data as ({ parley?: number } & HostMessage) | null
    if (data?.parley !== 1 || typeof data.type !== 'string') return
    onMessage(data)
  }
  window.addEventListener('message', listener)
  return () => window.removeEventListener('message', listener)
}

/** A verified identity when the host gave an identifier_hash; without one the visitor stays anonymous. */
export function identityOf(user: HostUser | null): Identity | undefined {
  if (!user?.identifier || !user.identifier_hash) return undefined
  const identity: Identity = {
    identifier: String(user.identifier).slice(0, 200),
    identifier_hash: String(user.identifier_hash).slice(0, 200),
  }
  if (user.email) identity.email = String(user.email).slice(0, 320)
  if (user.name) identity.name = String(user.name).slice(0, 200)
  return identity
}

/**
 * What the dashboard's editors post to `/widget/<id>?preview=1` (unsaved theme + greeting, form, consent text:
 * `consent` is shown as the visitor would be asked; null when consent is off).
 */
export type PreviewTheme = {
  theme: Record<string, unknown>
  greeting: string
  prechatForm?: unknown
  consent?: { text: string; texts?: Record<string, string> } | null
}

export function isPreview(): boolean {
  return typeof window !== 'undefined' && new URLSearchParams(window.location.search).has('preview')
}

/** Preview changes, accepted only from a parent page of the dashboard's own origin. */
export function listenToPreview(onTheme: (preview: PreviewTheme) => void): () => void {
  const listener = (e: MessageEvent) => {
    if (e.source !== window.parent || e.origin !== window.location.origin) return
    const data = e.data as {
      type?: string
      theme?: unknown
      greeting?: unknown
      prechatForm?: unknown
      consent?: { text?: unknown; texts?: unknown } | null
    } | null
    if (data?.type !== 'parley:preview-theme' || typeof data.theme !== 'object' || !data.theme) return
    onTheme({
      theme: data.theme as Record<string, unknown>,
      greeting: typeof data.greeting === 'string' ? data.greeting : '',
      prechatForm: data.prechatForm,
      consent:
        data.consent && typeof data.consent.text === 'string'
          ? {
              text: data.consent.text,
              texts:
                data.consent.texts && typeof data.consent.texts === 'object'
                  ? (data.consent.texts as Record<string, string>)
                  : {},
            }
          : null,
    })
  }
  window.addEventListener('message', listener)
  return () => window.removeEventListener('message', listener)
}
