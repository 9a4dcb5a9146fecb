// What every Chatwoot-facing function shares: configuration, the Platform API client with a circuit
// breaker kept in Postgres (so it outlives one invocation), and AES-GCM encryption of secrets at rest.
import type { SupabaseClient } from 'npm:@supabase/supabase-js@2.119.1'
import {
  type BreakerState,
  type BreakerStore,
  PlatformClient,
  type TransportOptions,
} from '../../../packages/chatwoot/src/index.ts'

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

// ---------------------------------------------------------------------------------------------
// Secrets at rest: "v1.<base64 iv>.<base64 ciphertext+tag>", AES-256-GCM with PARLEY_ENCRYPTION_KEY.

let keyPromise: Promise<CryptoKey> | undefined

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const bytes = atob(text)
  const out = new Uint8Array(bytes.length)
  for (let i = 0; i < bytes.length; i++) out[i] = bytes.charCodeAt(i)
  return out
}

function toBase64(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s)
}

function key(): Promise<CryptoKey> {
  keyPromise ??= (async () => {
    const raw = fromBase64(env('PARLEY_ENCRYPTION_KEY'))
    if (raw.length !== 32) throw new Error('PARLEY_ENCRYPTION_KEY must be 32 bytes, base64')
    return await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt'])
  })()
  return keyPromise
}

export async function encryptSecret(plain: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const data = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await key(), new TextEncoder().encode(plain)),
  )
  return `v1.${toBase64(iv)}.${toBase64(data)}`
}

export async function decryptSecret(stored: string): Promise<string> {
  const [version, iv, data] = stored.split('.')
  if (version !== 'v1' || !iv || !data) throw new Error('not an encrypted secret')
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64(iv) },
    await key(),
    fromBase64(data),
  )
  return new TextDecoder().decode(plain)
}

/** Service-role callers only (the outbox dispatcher): the platform verified the JWT, we read its role. */
export function isServiceRole(req: Request): boolean {
  const token = /^Bearer (\S+)$/.exec(req.headers.get('Authorization') ?? '')?.[1]
  if (!token) return false
  if (token === Deno.env.get('SUPABASE_SERVICE_ROLE_KEY')) return true
  try {
    const payload = token.split('.')[1] ?? ''
    const claims = JSON.parse(
      atob(
        payload
          .replace(/-/g, '+')
          .replace(/_/g, '/')
          .padEnd(Math.ceil(payload.length / 4) * 4, '='),
      ),
    )
    return claims.role === 'service_role'
  } catch {
    return false
  }
}
