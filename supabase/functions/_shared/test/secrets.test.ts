import { createDecipheriv, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { isSealed, secretBox } from '../secrets.ts'

const newKey = () => randomBytes(32).toString('base64')

/** Opens a stored value the way any AES-256-GCM implementation would: the format is the contract. */
function openWithNode(key: string, stored: string): string {
  const [, iv, data] = stored.split('.') as [string, string, string]
  const bytes = Buffer.from(data, 'base64')
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(key, 'base64'), Buffer.from(iv, 'base64'))
  decipher.setAuthTag(bytes.subarray(-16))
  return Buffer.concat([decipher.update(bytes.subarray(0, -16)), decipher.final()]).toString('utf8')
}

describe('secrets at rest', () => {
  it('stores "v1.<iv>.<data>", never the plain text, and opens it again', async () => {
    const key = newKey()
    const box = secretBox({ current: key })
    const sealed = await box.encrypt('sk-live-Zq8vN3xR7tLm2WpK9sYd')
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+$/)
    expect(sealed).not.toContain('Zq8vN3xR7tLm2WpK9sYd')
    expect(await box.encrypt('same')).not.toBe(await box.encrypt('same')) // a fresh IV every time
    expect(await box.decrypt(sealed)).toBe('sk-live-Zq8vN3xR7tLm2WpK9sYd')
    expect(openWithNode(key, sealed)).toBe('sk-live-Zq8vN3xR7tLm2WpK9sYd')
  })

  it('opens values of the previous key during a rotation, and says which key opened them', async () => {
    const oldKey = newKey()
    const before = await secretBox({ current: oldKey }).encrypt('token-a')
    const during = secretBox({ current: newKey(), previous: oldKey })
    expect(await during.open(before)).toEqual({ plain: 'token-a', sealedWith: 'previous' })
    expect(await during.decrypt(before)).toBe('token-a')
    const resealed = await during.encrypt('token-a')
    expect(await during.open(resealed)).toEqual({ plain: 'token-a', sealedWith: 'current' })
  })

  it('refuses a value neither key opens, and treats a value without "v1." as legacy plain text', async () => {
    const stranger = await secretBox({ current: newKey() }).encrypt('x')
    const box = secretBox({ current: newKey(), previous: newKey() })
    await expect(box.open(stranger)).rejects.toThrow(/neither PARLEY_ENCRYPTION_KEY nor/)
    expect(await box.open('sk-plain')).toEqual({ plain: 'sk-plain', sealedWith: 'none' })
    await expect(box.decrypt('sk-plain')).rejects.toThrow('not an encrypted secret')
    expect(isSealed('sk-plain')).toBe(false)
    expect(isSealed(stranger)).toBe(true)
  })

  it('names the setting that is wrong', async () => {
    await expect(secretBox({ current: 'short' }).encrypt('x')).rejects.toThrow(
      'PARLEY_ENCRYPTION_KEY must be 32 bytes, base64',
    )
  })
})
