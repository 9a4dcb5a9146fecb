// Typed errors: callers branch on the class (retry later, re-provision a token, show fallback contact).

export class ChatwootError extends Error {
  override name = 'ChatwootError'
}

/** A non-2xx answer from Chatwoot. `retryable` is true for 429 and 5xx. */
export class ChatwootHttpError extends ChatwootError {
  override name = 'ChatwootHttpError'
  /** Chatwoot's own words for the refusal, e.g. "Email has already been taken". */
  readonly detail: string
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly method: string,
    readonly path: string,
    readonly retryAfterMs?: number,
  ) {
    super(`Chatwoot ${method} ${path} answered ${status}: ${describe(body)}`)
    this.detail = describe(body)
  }
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500
  }
}

/** 401: bad token, a resource the platform app did not create, or a suspended account. */
export class ChatwootAuthError extends ChatwootHttpError {
  override name = 'ChatwootAuthError'
}

/** The per-request timeout elapsed (after all attempts when retries were allowed). */
export class ChatwootTimeoutError extends ChatwootError {
  override name = 'ChatwootTimeoutError'
  readonly retryable = true
  constructor(
    readonly method: string,
    readonly path: string,
    readonly timeoutMs: number,
  ) {
    super(`Chatwoot ${method} ${path} timed out after ${timeoutMs} ms`)
  }
}

/** The connection failed (refused, reset, DNS) after all attempts. */
export class ChatwootNetworkError extends ChatwootError {
  override name = 'ChatwootNetworkError'
  readonly retryable = true
  constructor(
    readonly method: string,
    readonly path: string,
    override readonly cause: unknown,
  ) {
    super(`Chatwoot ${method} ${path} failed: ${cause instanceof Error ? cause.message : String(cause)}`)
  }
}

function describe(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>
    const msg = b.error ?? b.message ?? b.errors
    if (msg !== undefined) return typeof msg === 'string' ? msg : JSON.stringify(msg)
    return JSON.stringify(body).slice(0, 200)
  }
  return String(body ?? '').slice(0, 200)
}
