// The chatbot's AI provider key, as chat_post_message hands it over: encrypted (_shared/secrets.ts). Opened
// once per worker and remembered. A value stored before keys were encrypted (no "v1." prefix), or sealed
// with the previous key during a rotation, is encrypted with the current key on this first use.
import { ProviderError } from '../_shared/ai/index.ts'
import { encryptSecret, openSecret } from '../_shared/secrets.ts'
import { rpc } from './db.ts'

const opened = new Map<string, string>()
const REMEMBERED = 1000

export async function aiKey(stored: string, provider: string): Promise<string> {
  const known = opened.get(stored)
  if (known !== undefined) return known
  let plain: string
  try {
    const result = await openSecret(stored)
    plain = result.plain
    if (result.sealedWith !== 'current') await reseal(stored, plain)
  } catch (error) {
    console.error(`[chat] the AI key cannot be decrypted: ${error instanceof Error ? error.message : error}`)
    // Recorded as the provider's failure, which the chatbot's AI tab shows: the owner can set the key again.
    throw new ProviderError(
      'bad_response',
      'The API key could not be decrypted (the encryption key changed); please set the key again',
      provider,
    )
  }
  if (opened.size >= REMEMBERED) opened.clear()
  opened.set(stored, plain)
  return plain
}

/** Best effort: the answer does not wait on it failing (the rotate-secrets function catches up). */
async function reseal(stored: string, plain: string): Promise<void> {
  try {
    await rpc('replace_secret_values', {
      p_changes: JSON.stringify([
        {
          schema: 'public',
          table: 'chatbot_ai_settings',
          column: 'api_key',
          old: stored,
          new: await encryptSecret(plain),
        },
      ]),
    })
  } catch (error) {
    console.error(`[chat] could not re-encrypt the AI key: ${error instanceof Error ? error.message : error}`)
  }
}
