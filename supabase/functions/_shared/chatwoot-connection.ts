// What every Chatwoot-facing function shares: configuration and the Platform API client with a circuit
// breaker kept in Postgres (so it outlives one invocation).
import type { SupabaseClient } from '@supabase/supabase-js'
import {
  type BreakerState,
  type BreakerStore,
  PlatformClient,
  type TransportOptions,
} from './chatwoot/index.ts'

function env(name: string): string {
  const value = Deno.env.get(name)
  if (!value) throw new Error(`${name} is not set`)
  return value
}

const number = (name: string, fallback: number) => Number(Deno.env.get(name) ?? '') || fallback

/** Where Chatwoot lives (CHATWOOT_URL, no trailing slash). */
export function chatwootUrl(): string {
  return env('CHATWOOT_URL').replace(/\/+$/, '')
}

/** The public base URL Chatwoot calls back (webhooks, dashboard app). */
export function functionsUrl(): string {
  return (Deno.env.get('PARLEY_FUNCTIONS_URL') ?? `${env('SUPABASE_URL')}/functions/v1`).replace(/\/+$/, '')
}

/** The breaker state in public.circuit_breakers (through service-role RPCs). */
export class PostgresBreakerStore implements BreakerStore {
  constructor(private readonly db: SupabaseClient) {}
  async get(installation: string): Promise<BreakerState | undefined> {
    const { data, error } = await this.db.rpc('get_circuit_breaker', { p_key: `chatwoot:${installation}` })
    if (error) throw new Error(`reading the circuit breaker: ${error.message}`)
    return (data as BreakerState | null) ?? undefined
  }
  async set(installation: string, state: BreakerState): Promise<void> {
    const { error } = await this.db.rpc('set_circuit_breaker', {
      p_key: `chatwoot:${installation}`,
      p_state: state,
    })
    if (error) throw new Error(`saving the circuit breaker: ${error.message}`)
  }
}

/**
 * Transport options for jobs: short waits inside one invocation (the outbox does the long ones, honouring
 * retry_after_seconds) and the persistent breaker. CHATWOOT_BREAKER_THRESHOLD / _COOLDOWN_MS tune it.
 */
export function jobTransport(db: SupabaseClient): Omit<TransportOptions, 'baseUrl'> {
  return {
    timeoutMs: number('CHATWOOT_TIMEOUT_MS', 8000),
    retry: { maxAttempts: 2, baseDelayMs: 200, maxDelayMs: 1000, maxRetryAfterMs: 2000 },
    breaker: {
      store: new PostgresBreakerStore(db),
      failureThreshold: number('CHATWOOT_BREAKER_THRESHOLD', 5),
      cooldownMs: number('CHATWOOT_BREAKER_COOLDOWN_MS', 30_000),
    },
  }
}

export function platformClient(db: SupabaseClient): PlatformClient {
  return new PlatformClient({
    baseUrl: chatwootUrl(),
    platformToken: env('CHATWOOT_PLATFORM_TOKEN'),
    ...jobTransport(db),
  })
}
