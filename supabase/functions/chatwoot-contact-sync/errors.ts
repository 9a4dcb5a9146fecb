// How a job's failure is answered to the outbox dispatcher: 429/503 with retry_after_seconds are retried
// (honouring the wait), 422 with retry: false is dead-lettered (retrying cannot help).
import type { SupabaseClient } from '@supabase/supabase-js'
import {
  ChatwootAuthError,
  ChatwootError,
  ChatwootHttpError,
  CircuitOpenError,
} from '../_shared/chatwoot/index.ts'
import { json } from '../_shared/http.ts'

export type Db = SupabaseClient

/** Try again later (not provisioned yet, a handoff still pending...). */
export class RetryLater extends Error {
  constructor(
    message: string,
    readonly afterSeconds = 5,
  ) {
    super(message)
  }
}

/** The job can never succeed as it is. */
export class JobRefused extends Error {}

export function must<T>(result: { data: T; error: { message: string } | null }, what: string): T {
  if (result.error) throw new Error(`${what}: ${result.error.message}`)
  return result.data
}

export function failureResponse(error: unknown): Response {
  const message = error instanceof Error ? error.message : String(error)
  if (error instanceof JobRefused) return json({ error: message, retry: false }, 422)
  if (error instanceof RetryLater)
    return json({ error: message, retry: true, retry_after_seconds: error.afterSeconds }, 503)
  if (error instanceof CircuitOpenError) {
    const wait = Math.max(1, Math.ceil((error.halfOpenAt - Date.now()) / 1000))
    return json({ error: 'Chatwoot circuit open', retry: true, retry_after_seconds: wait }, 503)
  }
  if (error instanceof ChatwootAuthError) return json({ error: message, retry: false }, 422)
  if (error instanceof ChatwootHttpError) {
    if (error.status === 429) {
      const wait = Math.max(1, Math.ceil((error.retryAfterMs ?? 5000) / 1000))
      return json({ error: message, retry: true, retry_after_seconds: wait }, 429)
    }
    if (error.retryable || error.status >= 500) return json({ error: message, retry: true }, 503)
    return json({ error: message, retry: false }, 422)
  }
  // Timeouts, network errors and our own database hiccups: retry.
  if (error instanceof ChatwootError) return json({ error: message, retry: true }, 503)
  console.error(error)
  return json({ error: message, retry: true }, 500)
}
