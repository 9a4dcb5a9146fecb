import { errors as jose } from 'jose'
import type pg from 'pg'
import type { DevstackConfig } from '../config.ts'
import { verifyJwt } from '../jwt.ts'
import { errors } from './errors.ts'

/** Who is asking: the JWT's role and claims, as PostgREST would run the request. */
export interface Caller {
  role: 'anon' | 'authenticated' | 'service_role'
  claims: Record<string, unknown>
  /** The JWT's `sub` when it is a user id: the object's owner. */
  owner: string | null
}

const API_ROLES = new Set(['anon', 'authenticated', 'service_role'])
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Reads the bearer token the gateway left in `Authorization` (the apikey's JWT when no user token came). */
export async function callerFrom(config: DevstackConfig, authorization: string | undefined): Promise<Caller> {
  const token = /^bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]
  if (!token) throw errors.missingAuthorization()
  let claims: Record<string, unknown>
  try {
    claims = await verifyJwt(token, config.jwtSecret)
  } catch (error) {
    throw errors.invalidJwt(error instanceof jose.JWTExpired ? 'jwt expired' : 'invalid signature')
  }
  const role = String(claims.role ?? '')
  if (!API_ROLES.has(role)) throw errors.invalidJwt(`role "${role}" may not use storage`)
  const sub = typeof claims.sub === 'string' && UUID.test(claims.sub) ? claims.sub : null
  return { role: role as Caller['role'], claims, owner: sub }
}

/**
 * Runs `work` in one transaction as the caller (role, JWT claims and the Storage operation set for the
 * transaction only, so RLS policies on storage.objects/buckets decide), committing unless `rollback`.
 */
export async function asCaller<T>(
  pool: pg.Pool,
  caller: Caller,
  operation: string,
  work: (db: pg.PoolClient) => Promise<T>,
  { rollback = false } = {},
): Promise<T> {
  return inTransaction(pool, rollback, async (db) => {
    await db.query(
      `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true),
              set_config('storage.operation', $3, true), set_config('storage.allow_delete_query', 'true', true)`,
      [caller.role, JSON.stringify(caller.claims), operation],
    )
    return work(db)
  })
}

/** Runs `work` in one transaction as the server itself (no RLS), as Storage does once a request is allowed. */
export function asServer<T>(pool: pg.Pool, work: (db: pg.PoolClient) => Promise<T>): Promise<T> {
  return inTransaction(pool, false, async (db) => {
    await db.query(`select set_config('storage.allow_delete_query', 'true', true)`)
    return work(db)
  })
}

async function inTransaction<T>(
  pool: pg.Pool,
  rollback: boolean,
  work: (db: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const db = await pool.connect()
  try {
    await db.query('begin')
    const result = await work(db)
    await db.query(rollback ? 'rollback' : 'commit')
    return result
  } catch (error) {
    await db.query('rollback').catch(() => undefined)
    throw error
  } finally {
    db.release()
  }
}
