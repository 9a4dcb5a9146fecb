import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import pg from 'pg'

/** pgTAP's install script, vendored so PGlite (which cannot `create extension pgtap`) can run it too. */
const pgtapSqlUrl = new URL('../../vendor/pgtap/pgtap.sql', import.meta.url)

export interface PgTapFailure {
  description: string
  diag: string
}

export interface PgTapResult {
  /** From the `1..N` line; null when the file never called plan(). */
  planned: number | null
  /** Test points seen (ok and not ok). */
  run: number
  passed: number
  failed: PgTapFailure[]
  /** Every TAP line, in order, for a readable report. */
  tap: string[]
}

type Queryable = pg.Pool | pg.PoolClient | pg.Client

/** Drops psql meta-commands (`\set ECHO none`, `\pset`...), which are not SQL. */
export function stripPsqlMetaCommands(sql: string): string {
  return sql
    .split('\n')
    .map((line) => (/^\s*\\/.test(line) ? '' : line))
    .join('\n')
}

/**
 * Turns a test file as `supabase test db` (psql + pg_prove) would run it into plain SQL: `\ir`/`\i` includes
 * are inlined (relative to the including file), other meta-commands dropped, and `create extension pgtap`
 * removed because the vendored pgTAP is already loaded (PGlite has no pgtap extension).
 */
export function readPgTapFile(path: string, seen: Set<string> = new Set()): string {
  const full = resolve(path)
  if (seen.has(full)) throw new Error(`include cycle at ${full}`)
  const lines = readFileSync(full, 'utf8').split('\n')
  const out = lines.map((line) => {
    const include = /^\s*\\(ir|i|include_relative|include)\s+(\S+)\s*$/.exec(line)
    if (include?.[2]) return readPgTapFile(resolve(dirname(full), include[2]), new Set([...seen, full]))
    if (/^\s*\\/.test(line)) return ''
    if (/^\s*create\s+extension\s+(if\s+not\s+exists\s+)?"?pgtap"?\b[^;]*;\s*$/i.test(line)) return ''
    return line
  })
  return out.join('\n')
}

/** Installs pgTAP's functions into `schema` (default `extensions`) unless they are there already. */
export async function loadPgTap(db: Queryable, schema = 'extensions'): Promise<void> {
  const present = await db.query(
    `select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = $1 and p.proname = 'plan' limit 1`,
    [schema],
  )
  if (present.rowCount) return
  const sql = stripPsqlMetaCommands(readFileSync(pgtapSqlUrl, 'utf8'))
  const ident = pg.escapeIdentifier(schema)
  await db.query(
    `begin;
     create schema if not exists ${ident};
     set local search_path = ${ident}, pg_catalog;
     ${sql}
     commit;`,
  )
}

/**
 * Runs one pgTAP test file (usually `begin; select plan(n); ...; select * from finish(); rollback;`) as a
 * single simple-protocol query, collecting every TAP line, even those produced before an SQL error. The
 * transaction is always rolled back afterwards, so the database is left as it was.
 */
export async function runPgTapFile(
  db: pg.Pool | pg.PoolClient | pg.Client,
  sqlText: string,
): Promise<PgTapResult> {
  const client = db instanceof pg.Pool ? await db.connect() : db
  const lines: string[] = []
  let sqlError: (Error & Partial<pg.DatabaseError>) | undefined
  let committed = false
  try {
    // pgTAP lives in `extensions`, as in Supabase where it is `create extension pgtap with schema extensions`.
    const text = `begin; set local search_path = public, extensions; ${sqlText}\n;`
    await new Promise<void>((resolveRun) => {
      const query = new pg.Query(text)
      query.on('row', (row: Record<string, unknown>) => {
        for (const value of Object.values(row))
          if (typeof value === 'string') lines.push(...value.split('\n'))
      })
      query.on('error', (error: Error) => {
        sqlError = error as Error & Partial<pg.DatabaseError>
        resolveRun()
      })
      query.on('end', () => resolveRun())
      client.query(query)
    })
    await client.query('rollback').catch(() => undefined)
    committed = await dropLeftoverPgTapState(client)
  } finally {
    if (db instanceof pg.Pool) (client as pg.PoolClient).release()
  }

  const result = parseTap(lines)
  if (committed) {
    result.failed.push({
      description: 'the file committed its transaction',
      diag: 'a test file must end with rollback (its changes are now in the database)',
    })
  }
  if (sqlError) {
    result.failed.push({
      description: `SQL error after test ${result.run}`,
      diag: describeError(sqlError, sqlText),
    })
  } else if (result.planned === null) {
    result.failed.push({ description: 'no plan', diag: 'the file never called plan(n)' })
  } else if (result.planned !== result.run) {
    result.failed.push({
      description: 'plan mismatch',
      diag: `planned ${result.planned} tests but ran ${result.run}`,
    })
  }
  return result
}

/**
 * pgTAP keeps its state in temporary tables; they outlive the run only if the file committed. Drop them so
 * the next file (on PGlite, the next file of any client: it is one shared session) can plan again.
 */
async function dropLeftoverPgTapState(client: pg.PoolClient | pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ leaked: boolean }>(
    `select to_regclass('pg_temp.__tcache__') is not null as leaked`,
  )
  if (!rows[0]?.leaked) return false
  await client.query(
    `drop table if exists pg_temp.__tcache__, pg_temp.__tresults__ cascade;
     drop sequence if exists pg_temp.__tcache___id_seq, pg_temp.__tresults___numb_seq cascade;`,
  )
  return true
}

/** Parses TAP output lines: `1..N`, `ok n - desc`, `not ok n - desc` and the `#` diagnostics after them. */
export function parseTap(lines: string[]): PgTapResult {
  const result: PgTapResult = { planned: null, run: 0, passed: 0, failed: [], tap: lines }
  let current: PgTapFailure | undefined
  for (const line of lines) {
    const plan = /^1\.\.(\d+)/.exec(line)
    const point = /^(not )?ok \d+(?: - )?(.*)$/.exec(line)
    if (plan) {
      result.planned = Number(plan[1])
      current = undefined
    } else if (point) {
      result.run += 1
      const description = point[2] ?? ''
      const todo = /#\s*(TODO|SKIP)\b/i.test(description)
      if (point[1] && !todo) {
        current = { description, diag: '' }
        result.failed.push(current)
      } else {
        result.passed += 1
        current = undefined
      }
    } else if (current && line.startsWith('#')) {
      current.diag += `${current.diag ? '\n' : ''}${line}`
    }
  }
  return result
}

/** An SQL error with the line of the test file it happened on. */
function describeError(error: Error & Partial<pg.DatabaseError>, sqlText: string): string {
  const parts = [`${error.code ?? ''} ${error.message}`.trim()]
  if (error.detail) parts.push(`detail: ${error.detail}`)
  if (error.hint) parts.push(`hint: ${error.hint}`)
  if (error.where) parts.push(`where: ${error.where}`)
  const prefix = 'begin; set local search_path = public, extensions; '.length
  const position = Number(error.position ?? 0) - prefix
  if (position > 0) {
    const before = sqlText.slice(0, position)
    const lineNo = before.split('\n').length
    parts.push(`at line ${lineNo}: ${sqlText.split('\n')[lineNo - 1]?.trim() ?? ''}`)
  }
  return parts.join('\n')
}
