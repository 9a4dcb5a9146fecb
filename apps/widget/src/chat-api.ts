import type { VisitorAuth } from './auth.ts'
import type { MessageRow, SessionInfo } from './rows.ts'

/** Calls to the chat edge function (supabase/functions/chat) as the signed-in (anonymous) visitor. */

export type Identity = { identifier: string; identifier_hash: string; email?: string; name?: string }
export type Attributes = Record<string, string | number | boolean>

/** The request never reached the function or its answer was lost: safe to retry with the same client id. */
export class NetworkError extends Error {}

/** The function answered with an error. 4xx are the caller's mistake; 5xx and 429 are worth retrying. */
export class ChatApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** How long the server asked to wait before sending again (a limit, a short outage), if it said. */
    readonly retryAfterMs?: number,
    /** What the function added (consent_required: the current `version`). */
    readonly details?: unknown,
  ) {
    super(message)
  }
  get retryable() {
    return this.status >= 500 || this.status === 429
  }
}

export class ChatApi {
  constructor(
    private readonly auth: VisitorAuth,
    private readonly supabaseUrl: string,
    private readonly anonKey: string,
  ) {}

  private async call<T>(path: string, body: unknown): Promise<T> {
    let response: Response
    try {
      const token = await this.auth.token()
      response = await fetch(`${this.supabaseUrl}/functions/v1/chat/${path}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          apikey: this.anonKey,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(body),
      })
    } catch (error) {
      // Offline, or signing in failed: the caller keeps the message queued and tries again.
      throw new NetworkError(error instanceof Error ? error.message : 'network error')
    }
    const json = (await response.json().catch(() => null)) as
      | (T & { code?: string; message?: string; retry_after?: unknown; details?: unknown })
      | null
    if (!response.ok) {
      throw new ChatApiError(
        response.status,
        json?.code ?? `http_${response.status}`,
        // for the console: the visitor reads the widget's own words for the code (i18n/errors.ts)
        json?.message ?? `HTTP ${response.status}`,
        retryAfterMs(json?.retry_after, response.headers.get('Retry-After')),
        json?.details,
      )
    }
    return json as T
  }

  startSession(body: {
    chatbot: string
    session_id?: string
    identity?: Identity
    attributes?: Attributes
    language?: string
  }) {
    return this.call<{ session: SessionInfo; contact: { id: string; verified: boolean } | null }>(
      'sessions',
      body,
    )
  }

  /** The pre-chat form's answers; the persona's opening message the first time. */
  submitForm(body: {
    session_id: string
    answers: Record<string, string | number | boolean>
    locale?: string
  }) {
    return this.call<{ message: MessageRow | null; lead: { score: number; tier: string | null } }>(
      'form',
      body,
    )
  }

  sendMessage(body: { session_id: string; content: string; client_id: string }) {
    return this.call<{ message: MessageRow; reply: MessageRow | null; handoff: boolean }>('messages', body)
  }

  /** A signed Storage upload URL for one file of this session (the function chooses where it goes). */
  signAttachment(body: { session_id: string; name: string; type: string; size: number }) {
    return this.call<{ upload: { id: string; path: string; url: string } }>('attachments/sign', body)
  }

  /** The uploaded file, checked by the function, becomes a message. */
  postAttachment(body: {
    session_id: string
    client_id: string
    upload: { id: string; path: string; name: string; type: string }
  }) {
    return this.call<{ message: MessageRow; url: string | null }>('attachments', body)
  }

  /** The visitor accepted this version of the chatbot's consent text, shown in `locale`'s variant. */
  recordConsent(body: { chatbot: string; version: number; locale: string }) {
    return this.call<{ recorded: boolean; version: number; language: string | null }>('consent', body)
  }

  /** Download links (an hour) for files of this visitor's own session. */
  attachmentUrls(body: { session_id: string; paths: string[] }) {
    return this.call<{ urls: Record<string, string> }>('attachments/urls', body)
  }
}

/**
 * The wait the chat function gives in its body (`retry_after`, seconds), else the `Retry-After` header
 * (seconds or an HTTP date; a proxy in front may answer 503 with the header alone). Capped at 10 minutes.
 */
export function retryAfterMs(
  bodySeconds: unknown,
  header: string | null,
  now = Date.now(),
): number | undefined {
  let ms: number | undefined
  if (typeof bodySeconds === 'number' && Number.isFinite(bodySeconds) && bodySeconds >= 0)
    ms = bodySeconds * 1000
  else if (header && /^\s*\d+\s*$/.test(header)) ms = Number(header) * 1000
  else if (header && !Number.isNaN(Date.parse(header))) ms = Math.max(0, Date.parse(header) - now)
  return ms === undefined ? undefined : Math.min(ms, 10 * 60_000)
}
