// Where Chatwoot is and how Parley's jobs reach it: configuration, and clients whose every call counts
// against the 'chatwoot' destination's circuit breaker (the outbox dispatcher hands jobs that breaker).
import type { CircuitBreaker } from './breaker.ts'
import { PlatformClient, type TransportOptions } from './chatwoot/index.ts'

/** Chatwoot is not configured on this server (a test stack, or a setup without handoff): not a bug in a job. */
export class ChatwootNotConfiguredError extends Error {
  constructor(readonly setting: string) {
    super(`${setting} is not set`)
    this.name = 'ChatwootNotConfiguredError'
  }
}

function env(name: string): string {
  const value = Deno.env.get(name)
  if (!value) throw new Error(`${name} is not set`)
  return value
}

function chatwootSetting(name: string): string {
  const value = Deno.env.get(name)
  if (!value) throw new ChatwootNotConfiguredError(name)
  return value
}

/** A positive number from the environment, else the fallback. */
export const numberSetting = (name: string, fallback: number) => Number(Deno.env.get(name) ?? '') || fallback

/** Where Chatwoot lives (CHATWOOT_URL, no trailing slash). */
export function chatwootUrl(): string {
  return chatwootSetting('CHATWOOT_URL').replace(/\/+$/, '')
}

/** The public base URL Chatwoot calls back (webhooks, dashboard app). */
export function functionsUrl(): string {
  return (Deno.env.get('PARLEY_FUNCTIONS_URL') ?? `${env('SUPABASE_URL')}/functions/v1`).replace(/\/+$/, '')
}

/**
 * Transport options for jobs: each call is sent once, with a short timeout (CHATWOOT_TIMEOUT_MS). The
 * outbox schedules the retries, and a retried job looks up what a call whose answer was lost created
 * instead of blindly sending it again.
 */
export function jobTransport(breaker: CircuitBreaker): Omit<TransportOptions, 'baseUrl'> {
  return { timeoutMs: numberSetting('CHATWOOT_TIMEOUT_MS', 8000), retry: { maxAttempts: 1 }, breaker }
}

export function platformClient(breaker: CircuitBreaker): PlatformClient {
  return new PlatformClient({
    baseUrl: chatwootUrl(),
    platformToken: chatwootSetting('CHATWOOT_PLATFORM_TOKEN'),
    ...jobTransport(breaker),
  })
}
