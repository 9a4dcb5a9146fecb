import type pg from 'pg'
import { transaction } from './db.ts'

/** What GoTrue says when a password verification hook rejects without a message of its own. */
const DEFAULT_REJECTION = 'Further password verification attempts will be rejected.'

export type PasswordVerdict = { reject: false } | { reject: true; message: string; logout: boolean }

/**
 * GoTrue's password verification attempt hook (a `pg-functions` hook): after every password check the
 * configured function gets `{ user_id, valid }` and answers `{ decision: 'continue' | 'reject', message?,
 * should_logout_user? }`. It runs as supabase_auth_admin, as GoTrue's own database user does.
 */
export async function passwordVerificationAttempt(
  pool: pg.Pool,
  hook: string,
  userId: string,
  valid: boolean,
): Promise<PasswordVerdict> {
  const output = await transaction(pool, async (db) => {
    await db.query('set local role supabase_auth_admin')
    const { rows } = await db.query<{ output: Record<string, unknown> | null }>(
      `select ${hook}($1::jsonb) as output`,
      [JSON.stringify({ user_id: userId, valid })],
    )
    return rows[0]?.output ?? {}
  })
  if (output.decision !== 'reject') return { reject: false }
  const message = typeof output.message === 'string' && output.message ? output.message : DEFAULT_REJECTION
  return { reject: true, message, logout: output.should_logout_user === true }
}
