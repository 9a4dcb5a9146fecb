// The visitor's sign-in inside the iframe: an anonymous user of Supabase Auth whose session lives in this
// frame's localStorage, under the key and in the shape supabase-js used, so a returning visitor keeps
// their history. Only what the widget needs (anonymous sign-up and the refresh_token grant): auth-js
// would be half the chat UI's download.

/** The parts of a GoTrue session the widget uses; the rest (user, token_type) is stored as received. */
type Session = { access_token: string; refresh_token: string; expires_at: number }

/** The auth server answered with an error (4xx: this session is gone; 5xx: try again later). */
export class AuthError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

export const STORAGE_KEY = 'parley-widget-auth'
/** Refresh a token with less than this left, as supabase-js does, so no request carries an expired one. */
const MARGIN_S = 90

const nowS = () => Math.floor(Date.now() / 1000)

function asSession(value: unknown): Session | null {
  const s = value as Partial<Session> | null
  return typeof s?.access_token === 'string' &&
    typeof s.refresh_token === 'string' &&
    typeof s.expires_at === 'number'
    ? (s as Session)
    : null
}

export class VisitorAuth {
  private memory: Session | null = null
  private pending: Promise<string> | null = null
  /** Told each new access token (a refresh, or a new sign-in), so open Realtime channels get it at once. */
  onToken: ((token: string) => void) | null = null

  constructor(
    private readonly url: string,
    private readonly anonKey: string,
    private readonly storage: Storage | null,
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
  ) {}

  /**
   * A valid access token: the stored session's, refreshed when it is about to expire, or a new anonymous
   * sign-in. Concurrent callers share one request, and tabs take turns (a refresh token works once).
   */
  token(): Promise<string> {
    this.pending ??= this.exclusive(() => this.fresh()).finally(() => {
      this.pending = null
    })
    return this.pending
  }

  private async fresh(): Promise<string> {
    // Read again inside the lock: another tab may have refreshed meanwhile.
    const session = this.read()
    if (session && session.expires_at - MARGIN_S > nowS()) return session.access_token
    if (session) {
      try {
        return this.save(
          await this.post('token?grant_type=refresh_token', { refresh_token: session.refresh_token }),
        )
      } catch (error) {
        const gone = error instanceof AuthError && error.status >= 400 && error.status < 500
        if (!gone || error.status === 429) throw error
        // Revoked, reused or deleted: carry on as a new visitor rather than not at all.
      }
    }
    return this.save(await this.post('signup', { data: {} }))
  }

  /** One refresh at a time across this frame origin's tabs, which share the stored session. */
  private exclusive<T>(run: () => Promise<T>): Promise<T> {
    // Without storage (a browser blocking third-party storage denies locks too) nothing is shared.
    const locks = this.storage && typeof navigator !== 'undefined' ? navigator.locks : undefined
    return locks ? (locks.request(`${STORAGE_KEY}:refresh`, run) as Promise<T>) : run()
  }

  private async post(path: string, body: unknown): Promise<unknown> {
    const response = await this.fetcher(`${this.url}/auth/v1/${path}`, {
      method: 'POST',
      headers: { apikey: this.anonKey, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
    const json = (await response.json().catch(() => null)) as { msg?: string; message?: string } | null
    if (!response.ok) {
      throw new AuthError(response.status, json?.msg ?? json?.message ?? `auth ${response.status}`)
    }
    return json
  }

  /** The newer of the stored session (another tab may have refreshed it) and this page's own. */
  private read(): Session | null {
    let stored: Session | null = null
    try {
      stored = asSession(JSON.parse(this.storage?.getItem(STORAGE_KEY) ?? 'null'))
    } catch {
      // unreadable: as if there were none
    }
    const own = this.memory
    return own && (!stored || own.expires_at > stored.expires_at) ? own : stored
  }

  private save(value: unknown): string {
    const json = value as Partial<Session> & { expires_in?: number }
    const session = asSession({ ...json, expires_at: json.expires_at ?? nowS() + (json.expires_in ?? 0) })
    if (!session) throw new AuthError(500, 'the auth server sent no session')
    this.memory = session
    try {
      this.storage?.setItem(STORAGE_KEY, JSON.stringify(session))
    } catch {
      // Storage full or blocked: the session lasts as long as the page.
    }
    this.onToken?.(session.access_token)
    return session.access_token
  }
}
