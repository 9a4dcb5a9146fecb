// Webhook signing as Chatwoot 4.12+ does it: X-Chatwoot-Signature =
// "sha256=" + hex(HMAC-SHA256(secret, "<timestamp>.<raw body>")), X-Chatwoot-Timestamp = unix seconds.

const encoder = new TextEncoder()

export type RawBody = string | Uint8Array

async function hmacKey(secret: string, usage: 'sign' | 'verify') {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    usage,
  ])
}

function signedBytes(timestamp: string | number, rawBody: RawBody): Uint8Array<ArrayBuffer> {
  const prefix = encoder.encode(`${timestamp}.`)
  const body = typeof rawBody === 'string' ? encoder.encode(rawBody) : rawBody
  const out = new Uint8Array(prefix.length + body.length)
  out.set(prefix, 0)
  out.set(body, prefix.length)
  return out
}

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('')
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}

/** The X-Chatwoot-Signature header value ("sha256=<hex>") for a body sent at `timestamp` (unix seconds). */
export async function signWebhook(args: { secret: string; timestamp: string | number; rawBody: RawBody }) {
  const key = await hmacKey(args.secret, 'sign')
  const mac = await crypto.subtle.sign('HMAC', key, signedBytes(args.timestamp, args.rawBody))
  return `sha256=${toHex(mac)}`
}

export type WebhookVerification =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'future' | 'mismatch' }

/**
 * Checks a delivery against the webhook secret. Pass the raw body exactly as received (not re-serialised
 * JSON). Timestamps further than `toleranceSeconds` in the past or future are refused.
 */
export async function verifyWebhook(args: {
  secret: string
  timestamp: string | null | undefined
  signature: string | null | undefined
  rawBody: RawBody
  toleranceSeconds?: number
  /** Epoch ms; defaults to Date.now(). */
  now?: number
}): Promise<WebhookVerification> {
  const { secret, timestamp, signature, rawBody } = args
  if (!secret || !timestamp || !signature) return { ok: false, reason: 'missing' }
  if (!/^\d{1,12}$/.test(timestamp.trim())) return { ok: false, reason: 'malformed' }
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(signature.trim())
  const mac = match?.[1] ? fromHex(match[1]) : undefined
  if (!mac) return { ok: false, reason: 'malformed' }
  const ts = Number(timestamp.trim())
  const tolerance = args.toleranceSeconds ?? 300
  const nowSeconds = Math.floor((args.now ?? Date.now()) / 1000)
  if (ts < nowSeconds - tolerance) return { ok: false, reason: 'stale' }
  if (ts > nowSeconds + tolerance) return { ok: false, reason: 'future' }
  // crypto.subtle.verify compares in constant time.
  const key = await hmacKey(secret, 'verify')
  const valid = await crypto.subtle.verify('HMAC', key, mac, signedBytes(timestamp.trim(), rawBody))
  return valid ? { ok: true, timestamp: ts } : { ok: false, reason: 'mismatch' }
}

/** identifier_hash for the widget's setUser: hex HMAC-SHA256(key = inbox hmac_token, message = identifier). */
export async function identifierHash(identifier: string | number, hmacToken: string): Promise<string> {
  const key = await hmacKey(hmacToken, 'sign')
  return toHex(await crypto.subtle.sign('HMAC', key, encoder.encode(String(identifier))))
}

export const WEBHOOK_HEADERS = {
  signature: 'x-chatwoot-signature',
  timestamp: 'x-chatwoot-timestamp',
  delivery: 'x-chatwoot-delivery',
} as const
