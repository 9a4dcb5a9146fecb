// The one encryption helper for secrets at rest (Chatwoot tokens, AI provider keys, app credentials):
// "v1.<base64 iv>.<base64 ciphertext+tag>", AES-256-GCM with PARLEY_ENCRYPTION_KEY (32 bytes, base64).
//
// Rotating the key: set the new key as PARLEY_ENCRYPTION_KEY and the old one as PARLEY_ENCRYPTION_KEY_PREVIOUS
// (decrypt-only), run the rotate-secrets function until it reports nothing left on the previous key, then
// drop PARLEY_ENCRYPTION_KEY_PREVIOUS. In between, values sealed with either key decrypt.

/** Which key opened a stored value; 'none' is a legacy value stored before it was encrypted (no "v1."). */
export type SealedWith = 'current' | 'previous' | 'none'

export interface Opened {
  plain: string
  sealedWith: SealedWith
}

export interface SecretBox {
  encrypt(plain: string): Promise<string>
  /** A "v1." value, with the current key or else the previous one; throws for anything else. */
  decrypt(stored: string): Promise<string>
  /** Like decrypt, but a value without the "v1." prefix is legacy plain text, returned as it is. */
  open(stored: string): Promise<Opened>
}

const PREFIX = 'v1.'

/** Whether a stored value is encrypted by this helper (a legacy plain value is not). */
export const isSealed = (stored: string): boolean => stored.startsWith(PREFIX)

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

async function importKey(name: string, base64: string): Promise<CryptoKey> {
  let raw: Uint8Array<ArrayBuffer>
  try {
    raw = fromBase64(base64)
  } catch {
    raw = new Uint8Array()
  }
  if (raw.length !== 32) throw new Error(`${name} must be 32 bytes, base64`)
  return await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt'])
}

/** The helper over explicit keys (base64); the functions use the one over their environment below. */
export function secretBox(keys: { current: string; previous?: string | undefined }): SecretBox {
  let current: Promise<CryptoKey> | undefined
  let previous: Promise<CryptoKey | null> | undefined
  const currentKey = () => {
    current ??= importKey('PARLEY_ENCRYPTION_KEY', keys.current)
    return current
  }
  const previousKey = () => {
    previous ??= keys.previous
      ? importKey('PARLEY_ENCRYPTION_KEY_PREVIOUS', keys.previous)
      : Promise.resolve(null)
    return previous
  }

  async function tryDecrypt(key: CryptoKey, iv: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>) {
    try {
      return new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, data))
    } catch {
      return null // the tag does not match: another key (or a damaged value)
    }
  }

  async function open(stored: string): Promise<Opened> {
    if (!isSealed(stored)) return { plain: stored, sealedWith: 'none' }
    const [, iv, data] = stored.split('.')
    if (!iv || !data) throw new Error('not an encrypted secret')
    const ivBytes = fromBase64(iv)
    const dataBytes = fromBase64(data)
    const withCurrent = await tryDecrypt(await currentKey(), ivBytes, dataBytes)
    if (withCurrent !== null) return { plain: withCurrent, sealedWith: 'current' }
    const old = await previousKey()
    const withPrevious = old ? await tryDecrypt(old, ivBytes, dataBytes) : null
    if (withPrevious !== null) return { plain: withPrevious, sealedWith: 'previous' }
    throw new Error(
      'the secret opens with neither PARLEY_ENCRYPTION_KEY nor PARLEY_ENCRYPTION_KEY_PREVIOUS (was the key changed without keeping the old one as PARLEY_ENCRYPTION_KEY_PREVIOUS?)',
    )
  }

  return {
    async encrypt(plain) {
      const iv = crypto.getRandomValues(new Uint8Array(12))
      const data = new Uint8Array(
        await crypto.subtle.encrypt(
          { name: 'AES-GCM', iv },
          await currentKey(),
          new TextEncoder().encode(plain),
        ),
      )
      return `${PREFIX}${toBase64(iv)}.${toBase64(data)}`
    },
    async decrypt(stored) {
      if (!isSealed(stored)) throw new Error('not an encrypted secret')
      return (await open(stored)).plain
    },
    open,
  }
}

let fromEnv: SecretBox | undefined
const box = () => {
  fromEnv ??= secretBox({
    current: Deno.env.get('PARLEY_ENCRYPTION_KEY') ?? '',
    previous: Deno.env.get('PARLEY_ENCRYPTION_KEY_PREVIOUS') || undefined,
  })
  return fromEnv
}

export const encryptSecret = (plain: string): Promise<string> => box().encrypt(plain)
export const decryptSecret = (stored: string): Promise<string> => box().decrypt(stored)
export const openSecret = (stored: string): Promise<Opened> => box().open(stored)
