// The outbox job as the dispatcher POSTs it, and how failures are answered: 2xx done; 422 `{ retry: false }`
// dead; otherwise `{ retry: true, retry_after_seconds? }`, retried by the outbox.
import { ChatwootError, ChatwootHttpError, CircuitOpenError } from '../_shared/chatwoot/index.ts'
import { json } from '../_shared/http.ts'

export interface Job {
  id: number
  store_id: string | null
  topic: string
  payload: Record<string, unknown>
  attempts: number
}

/** The job can never succeed as it is (a dead letter). */
export class Refused extends Error {}

export interface Failure {
  retryable: boolean
  retryAfterSeconds?: number
  message: string
}

export function classify(error: unknown): Failure {
  const message = error instanceof Error ? error.message : String(error)
  if (error instanceof Refused) return { retryable: false, message }
  if (error instanceof CircuitOpenError) {
    const wait = Math.max(1, Math.ceil((error.halfOpenAt - Date.now()) / 1000))
    return {
      retryable: true,
      retryAfterSeconds: wait,
      message: `Chatwoot is unreachable (circuit open): ${message}`,
    }
  }
  if (error instanceof ChatwootHttpError) {
    if (error.status === 429 || error.status >= 500 || error.retryable) {
      const wait = error.retryAfterMs ? Math.max(1, Math.ceil(error.retryAfterMs / 1000)) : undefined
      return { retryable: true, ...(wait ? { retryAfterSeconds: wait } : {}), message }
    }
    // 4xx: the request breaks Chatwoot's contract or our token is refused; retrying cannot help.
    return { retryable: false, message }
  }
  // Timeouts, network errors and our own database hiccups.
  if (error instanceof ChatwootError) return { retryable: true, message }
  return { retryable: true, message }
}

export function failureResponse(failure: Failure): Response {
  if (!failure.retryable) return json({ error: failure.message, retry: false }, 422)
  return json(
    {
      error: failure.message,
      retry: true,
      ...(failure.retryAfterSeconds ? { retry_after_seconds: failure.retryAfterSeconds } : {}),
    },
    503,
  )
}
