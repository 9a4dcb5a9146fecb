// The hex HMAC-SHA256 that webhook signatures are made of (Cal.com's, and Parley's own outgoing webhook).
const encoder = new TextEncoder()

export async function hmacSha256Hex(secret: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(text)))
  return [...mac].map((b) => b.toString(16).padStart(2, '0')).join('')
}
