// The one encryption helper for secrets at rest (Chatwoot tokens, AI provider keys, app credentials):
// "v1.<base64 iv>.<base64 ciphertext+tag>", AES-256-GCM with PARLEY_ENCRYPTION_KEY (32 bytes, base64).

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
    const raw = fromBase64(Deno.env.get('PARLEY_ENCRYPTION_KEY') ?? '')
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
