// One HTTP call to an app: a timeout, the app's circuit breaker (when given) counting outages (5xx,
// timeouts, unreachable) but not refusals, and 429/5xx turned into AppHttpError. The app's client reads
// the body of every other answer itself (Slack answers its errors with HTTP 200).
import type { CircuitBreaker } from '../breaker.ts'
import { AppHttpError, AppNetworkError, AppTimeoutError, retryAfterSeconds } from './errors.ts'

export interface TransportOptions {
  /** The app's name, for errors ("Slack did not answer in time"). */
  app: string
  baseUrl: string
  breaker?: CircuitBreaker
  timeoutMs?: number
  fetch?: typeof fetch
}

export async function send(options: TransportOptions, path: string, init: RequestInit): Promise<Response> {
  const url = `${options.baseUrl.replace(/\/$/, '')}${path}`
  await options.breaker?.beforeRequest()
  let response: Response
  try {
    response = await (options.fetch ?? fetch)(url, {
      ...init,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    })
  } catch (error) {
    await options.breaker?.onFailure()
    if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError'))
      throw new AppTimeoutError(options.app)
    throw new AppNetworkError(options.app, error)
  }
  if (response.status >= 500) {
    await options.breaker?.onFailure()
    throw new AppHttpError(options.app, response.status, await detailOf(response))
  }
  await options.breaker?.onSuccess()
  if (response.status === 429)
    throw new AppHttpError(
      options.app,
      429,
      await detailOf(response),
      retryAfterSeconds(response.headers.get('retry-after')),
    )
  return response
}

/** The app's own words from an error body: `error`, `message` or the text itself (cut short). */
export async function detailOf(response: Response): Promise<string> {
  const text = await response.text().catch(() => '')
  try {
    const body = JSON.parse(text) as Record<string, unknown>
    for (const key of ['error_description', 'message', 'error']) {
      const value = body[key]
      if (typeof value === 'string' && value) return value.slice(0, 300)
      if (value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string')
        return String((value as { message: string }).message).slice(0, 300)
    }
  } catch {}
  return text.slice(0, 300) || `HTTP ${response.status}`
}
