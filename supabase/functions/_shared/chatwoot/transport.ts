// One HTTP call to Chatwoot with timeout, retries and (when given) a circuit breaker.
import type { CircuitBreaker } from '../breaker.ts'
import { ChatwootAuthError, ChatwootHttpError, ChatwootNetworkError, ChatwootTimeoutError } from './errors.ts'
import { abortableSleep, backoffDelay, parseRetryAfter, type RetryOptions } from './retry.ts'

export interface TransportOptions {
  /** Chatwoot installation, e.g. https://chat.example.com (no trailing /api). */
  baseUrl: string
  /** Per-attempt timeout. Default 10 s. */
  timeoutMs?: number
  retry?: RetryOptions
  /**
   * Counts each attempt: network errors, timeouts and 5xx are failures, other answers successes (429 is
   * neutral); while it is open, calls are refused with CircuitOpenError. Without one, nothing is refused.
   */
  breaker?: CircuitBreaker
  fetch?: typeof fetch
  /** Injectable clock and sleep (tests use a fake clock). */
  now?: () => number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  random?: () => number
  /** Sent as User-Agent where the runtime allows it. */
  userAgent?: string
}

export interface RequestOptions {
  signal?: AbortSignal
  /** false: one attempt only (e.g. for a non-idempotent call the caller de-duplicates itself). */
  retry?: boolean
  timeoutMs?: number
}

export type Query = Record<string, string | number | boolean | undefined>

export interface RequestSpec extends RequestOptions {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  /** The api_access_token; none for the one unauthenticated call (GET /api). */
  token?: string
  query?: Query
  body?: unknown
}

/** Normalised installation key: origin + path without trailing slashes. */
export function installationKey(baseUrl: string): string {
  const url = new URL(baseUrl)
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

export class Transport {
  readonly baseUrl: string
  readonly breaker: CircuitBreaker | undefined
  private readonly fetchImpl: typeof fetch
  private readonly now: () => number
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  private readonly random: () => number

  constructor(private readonly options: TransportOptions) {
    this.baseUrl = installationKey(options.baseUrl)
    this.now = options.now ?? Date.now
    this.sleep = options.sleep ?? abortableSleep
    this.random = options.random ?? Math.random
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init))
    this.breaker = options.breaker
  }

  async request<T>(spec: RequestSpec): Promise<T> {
    const retry = this.options.retry ?? {}
    const maxAttempts = spec.retry === false ? 1 : Math.max(1, retry.maxAttempts ?? 4)
    const baseDelay = retry.baseDelayMs ?? 250
    const maxDelay = retry.maxDelayMs ?? 10_000
    const maxRetryAfter = retry.maxRetryAfterMs ?? 60_000
    for (let attempt = 1; ; attempt++) {
      spec.signal?.throwIfAborted()
      await this.breaker?.beforeRequest()
      let error: ChatwootHttpError | ChatwootTimeoutError | ChatwootNetworkError
      try {
        const result = await this.attempt<T>(spec)
        await this.breaker?.onSuccess()
        return result
      } catch (e) {
        if (
          !(
            e instanceof ChatwootHttpError ||
            e instanceof ChatwootTimeoutError ||
            e instanceof ChatwootNetworkError
          )
        )
          throw e
        error = e
      }
      const installationFailure = !(error instanceof ChatwootHttpError) || error.status >= 500
      if (installationFailure) await this.breaker?.onFailure()
      // A 4xx other than 429 means Chatwoot is up and answered: the breaker counts it as a success.
      else if (error instanceof ChatwootHttpError && error.status !== 429) await this.breaker?.onSuccess()
      if (!error.retryable || attempt >= maxAttempts) throw error
      let delay = backoffDelay(attempt, baseDelay, maxDelay, this.random)
      if (error instanceof ChatwootHttpError && error.retryAfterMs !== undefined) {
        if (error.retryAfterMs > maxRetryAfter) throw error
        delay = error.retryAfterMs
      }
      await this.sleep(delay, spec.signal)
    }
  }

  private async attempt<T>(spec: RequestSpec): Promise<T> {
    const timeoutMs = spec.timeoutMs ?? this.options.timeoutMs ?? 10_000
    const url = new URL(this.baseUrl + spec.path)
    for (const [key, value] of Object.entries(spec.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, String(value))
    const headers: Record<string, string> = { accept: 'application/json' }
    if (spec.token) headers.api_access_token = spec.token
    // A FormData body (a message with files) sets its own multipart content type and boundary.
    const form = spec.body instanceof FormData ? spec.body : undefined
    if (spec.body !== undefined && !form) headers['content-type'] = 'application/json'
    if (this.options.userAgent) headers['user-agent'] = this.options.userAgent
    const timeout = new AbortController()
    const timer = setTimeout(() => timeout.abort(), timeoutMs)
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout.signal]) : timeout.signal
    try {
      let response: Response
      try {
        signal.throwIfAborted()
        response = await this.fetchImpl(url, {
          method: spec.method,
          headers,
          body: form ?? (spec.body === undefined ? undefined : JSON.stringify(spec.body)),
          signal,
        })
      } catch (e) {
        throw this.classify(e, spec, timeout.signal, timeoutMs)
      }
      let text: string
      try {
        text = await response.text()
      } catch (e) {
        throw this.classify(e, spec, timeout.signal, timeoutMs)
      }
      const body = parseBody(text)
      if (response.ok) return body as T
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.now())
      const ErrorClass = response.status === 401 ? ChatwootAuthError : ChatwootHttpError
      throw new ErrorClass(response.status, body, spec.method, spec.path, retryAfterMs)
    } finally {
      clearTimeout(timer)
    }
  }

  private classify(e: unknown, spec: RequestSpec, timeout: AbortSignal, timeoutMs: number): unknown {
    if (spec.signal?.aborted) return spec.signal.reason ?? e
    if (timeout.aborted) return new ChatwootTimeoutError(spec.method, spec.path, timeoutMs)
    return new ChatwootNetworkError(spec.method, spec.path, e)
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
