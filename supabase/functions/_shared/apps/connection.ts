// A store's connection to an app, as jobs use it: the credential (an OAuth access token, refreshed when it
// is about to expire or was refused, or the API key), decrypted only here. Refreshing takes the store's
// per-app lease in Postgres (claim_integration_refresh), so a rotating refresh token is spent by one worker
// and its successor saved before anyone else may refresh; a refresh token the app calls dead puts the
// connection in the "reconnect" state the Integrations page shows. Every call records the app's health.
import { JobStop, waitFor } from '../jobs/define.ts'
import { decryptSecret, encryptSecret } from '../secrets.ts'
import { type Db, must } from '../supabase.ts'
import type { AppDefinition, OAuth2Auth } from './define.ts'
import { AppNotConnectedError, AppReconnectError, AppTokenExpiredError } from './errors.ts'
import { refreshTokens, type TokenSet } from './oauth.ts'

/** Refresh this long before the token expires, so a call never races the expiry. */
const REFRESH_MARGIN_MS = 5 * 60_000

type Row = {
  status: string
  config: unknown
  credentials_encrypted: string | null
  refresh_token_encrypted: string | null
  expires_at: string | null
}

async function readRow(db: Db, storeId: string, app: AppDefinition): Promise<Row> {
  const row = must(
    await db
      .from('integrations')
      .select('status, config, credentials_encrypted, refresh_token_encrypted, expires_at')
      .eq('store_id', storeId)
      .eq('provider', app.id)
      .maybeSingle(),
    `reading the store's ${app.name} connection`,
  ) as Row | null
  if (!row || row.status === 'disconnected' || !row.credentials_encrypted)
    throw new AppNotConnectedError(app.name)
  if (row.status === 'reconnect') throw new AppReconnectError(app.name, 'the connection expired')
  return row
}

/** Saves a connection's tokens (a new connection, or a refresh: which also releases the lease). */
export async function saveTokens(
  db: Db,
  storeId: string,
  app: AppDefinition,
  tokens: TokenSet,
): Promise<void> {
  must(
    await db
      .from('integrations')
      .update({
        status: 'connected',
        credentials_encrypted: await encryptSecret(tokens.accessToken),
        refresh_token_encrypted: tokens.refreshToken ? await encryptSecret(tokens.refreshToken) : null,
        expires_at: tokens.expiresAt ? new Date(tokens.expiresAt).toISOString() : null,
        refresh_lock_until: null,
        ...(tokens.accountLabel ? { account_label: tokens.accountLabel } : {}),
      })
      .eq('store_id', storeId)
      .eq('provider', app.id),
    `saving the ${app.name} tokens`,
  )
}

async function refresh(db: Db, storeId: string, app: AppDefinition & { auth: OAuth2Auth }, spent: string) {
  const claimed = must(
    await db.rpc('claim_integration_refresh', { p_store_id: storeId, p_app: app.id }),
    `taking the ${app.name} refresh lease`,
  )
  if (!claimed) throw new JobStop(waitFor(`Another worker is refreshing the ${app.name} token`, 5))
  // Whoever held the lease before may have refreshed already: use their token rather than spend another.
  const row = await readRow(db, storeId, app)
  const current = await decryptSecret(row.credentials_encrypted as string)
  if (current !== spent || !row.refresh_token_encrypted) {
    must(
      await db
        .from('integrations')
        .update({ refresh_lock_until: null })
        .eq('store_id', storeId)
        .eq('provider', app.id),
      'releasing the refresh lease',
    )
    if (current !== spent) return current
    throw new AppReconnectError(app.name, 'the token expired and there is no refresh token')
  }
  try {
    const tokens = await refreshTokens(app, await decryptSecret(row.refresh_token_encrypted))
    await saveTokens(db, storeId, app, tokens)
    return tokens.accessToken
  } catch (error) {
    const update =
      error instanceof AppReconnectError
        ? { status: 'reconnect' as const, refresh_lock_until: null, last_error: error.message }
        : { refresh_lock_until: null }
    must(
      await db.from('integrations').update(update).eq('store_id', storeId).eq('provider', app.id),
      'releasing the refresh lease',
    )
    throw error
  }
}

async function recordCall(db: Db, storeId: string, app: AppDefinition, error: unknown) {
  const message = error === undefined ? null : error instanceof Error ? error.message : String(error)
  await db.rpc('record_integration_call', {
    p_store_id: storeId,
    p_app: app.id,
    p_error: message ?? undefined,
  })
}

/**
 * Calls the app with the store's credential: refreshes first when the token is about to expire, and once
 * more when the app refuses it as expired (the client throws AppTokenExpiredError).
 */
export async function withCredential<T>(
  db: Db,
  storeId: string,
  app: AppDefinition,
  call: (credential: string, settings: unknown) => Promise<T>,
): Promise<T> {
  try {
    const row = await readRow(db, storeId, app)
    let credential = await decryptSecret(row.credentials_encrypted as string)
    const oauth = app.auth.type === 'oauth2' ? (app as AppDefinition & { auth: OAuth2Auth }) : undefined
    const expiresAt = row.expires_at ? Date.parse(row.expires_at) : undefined
    if (oauth && expiresAt !== undefined && expiresAt - Date.now() < REFRESH_MARGIN_MS)
      credential = await refresh(db, storeId, oauth, credential)
    let result: T
    try {
      result = await call(credential, row.config)
    } catch (error) {
      if (!(error instanceof AppTokenExpiredError) || !oauth) throw error
      result = await call(await refresh(db, storeId, oauth, credential), row.config)
    }
    await recordCall(db, storeId, app, undefined)
    return result
  } catch (error) {
    if (!(error instanceof JobStop)) await recordCall(db, storeId, app, error).catch(() => {})
    throw error
  }
}
