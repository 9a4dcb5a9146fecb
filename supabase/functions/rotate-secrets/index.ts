// POST /functions/v1/rotate-secrets (service role only) -> what it did to every encrypted secret column.
// Re-encrypts with PARLEY_ENCRYPTION_KEY every value still sealed with PARLEY_ENCRYPTION_KEY_PREVIOUS, and
// encrypts legacy plain values (stored before their column was encrypted). The columns come from the
// schema (rpc('secret_values'): comments starting "secret" that say "(encrypted)"), never from a list here.
// Idempotent: a value already on the current key is left alone, and a value someone changed meanwhile
// keeps the new one (compare-and-set), so it is safe to run again, and while the stores are in use.
import { errorResponse, isServiceRole, json } from '../_shared/http.ts'
import { encryptSecret, openSecret, type SealedWith } from '../_shared/secrets.ts'
import { serviceClient } from '../_shared/supabase.ts'
import { rotationReport, SecretValues, type StoredSecret } from './report.ts'

Deno.serve(async (req) => {
  if (!isServiceRole(req)) return errorResponse(403, 'forbidden', 'Only the service role rotates secrets')
  if (req.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'Use POST')
  try {
    const db = serviceClient()
    const found = await db.rpc('secret_values')
    if (found.error) throw new Error(`reading the secret columns: ${found.error.message}`)
    const { columns, values } = SecretValues.parse(found.data)

    const seen: { secret: StoredSecret; sealedWith: SealedWith | 'unreadable' }[] = []
    const changes: (Omit<StoredSecret, 'value'> & { old: string; new: string })[] = []
    for (const secret of values) {
      const opened = await openSecret(secret.value).catch(() => null)
      seen.push({ secret, sealedWith: opened?.sealedWith ?? 'unreadable' })
      if (!opened || opened.sealedWith === 'current') continue
      const { value, ...where } = secret
      changes.push({ ...where, old: value, new: await encryptSecret(opened.plain) })
    }
    let replaced = 0
    if (changes.length) {
      const done = await db.rpc('replace_secret_values', { p_changes: changes })
      if (done.error) throw new Error(`storing the re-encrypted values: ${done.error.message}`)
      replaced = done.data
    }
    return json(rotationReport(columns, seen, replaced))
  } catch (error) {
    console.error('[rotate-secrets]', error)
    return errorResponse(500, 'internal_error', error instanceof Error ? error.message : String(error))
  }
})
