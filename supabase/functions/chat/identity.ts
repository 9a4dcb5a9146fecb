// Chatwoot-compatible identity verification: identifier_hash = hex(HMAC-SHA256(key = the chatbot's
// identity secret, message = identifier)). crypto.subtle.verify compares in constant time.
const encoder = new TextEncoder()

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> | null {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(hex)) return null
  const bytes = new Uint8Array(new ArrayBuffer(hex.length / 2))
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return bytes
}

export async function verifyIdentity(
  secret: string,
  identifier: string,
  identifierHash: string,
): Promise<boolean> {
  const signature = hexToBytes(identifierHash)
  if (signature?.length !== 32) return false
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  )
  return crypto.subtle.verify('HMAC', key, signature, encoder.encode(identifier))
}
