// Backoff with jitter and Retry-After parsing.

export interface RetryOptions {
  /** Total attempts including the first. Default 4. */
  maxAttempts?: number
  /** First backoff step. Default 250 ms; doubles each attempt. */
  baseDelayMs?: number
  /** Cap of one backoff step. Default 10 s. */
  maxDelayMs?: number
  /** A Retry-After longer than this is not waited for: the error is thrown instead. Default 60 s. */
  maxRetryAfterMs?: number
}

/** "Equal jitter": half the exponential step plus a random half, so retries spread but never collapse to 0. */
export function backoffDelay(attempt: number, base: number, cap: number, random: () => number): number {
  const step = Math.min(cap, base * 2 ** (attempt - 1))
  return Math.round(step / 2 + random() * (step / 2))
}

/** Retry-After as delay in ms: delta-seconds or an HTTP date. Undefined when absent or unparsable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value == null) return undefined
  const trimmed = value.trim()
  if (trimmed === '') return undefined
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - nowMs)
}

/** Sleep that an AbortSignal can cut short (rejects with the signal's reason). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
