import { rmSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { DetailedHealth } from '@parley/supabase/health'
import { loadConfig } from './config.ts'
import type { DevstackHealth } from './health.ts'
import { type StackEnv, stackEnv } from './stack-env.ts'

const usage = `devstack: a Docker-free, Supabase-compatible local stack

  devstack start              start database, PostgREST, auth and functions (foreground)
  devstack status [-o env]    print URLs and keys (like \`supabase status\`) and what each part is doing
                              (GET /health, and GET /functions/v1/health as the service role);
                              -o env (URLs and keys only) | json | pretty
  devstack rotate-secrets     re-encrypt every encrypted secret column with the functions' current
                              PARLEY_ENCRYPTION_KEY (POST /functions/v1/rotate-secrets as the service
                              role); safe to run again, prints what it found and did
  devstack reset              delete the embedded database under .data/ (next start re-seeds)
  devstack gen types          print the Database type of supabase/migrations, as \`supabase gen types
                              typescript --local\` does, from a throwaway database (in memory, or a
                              scratch database on the DATABASE_URL server)

Environment: DATABASE_URL (use a PostgreSQL server instead of PGlite), DEVSTACK_API_PORT,
DEVSTACK_DB_PORT, DEVSTACK_DATA_DIR.`

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    output: { type: 'string', short: 'o', default: 'pretty' },
    help: { type: 'boolean', short: 'h' },
  },
})
const command = positionals[0]

if (values.help || !command) {
  console.log(usage)
} else if (command === 'start') {
  const started = Date.now()
  const { startStack } = await import('./stack.ts') // the heavy part, only when starting
  const stack = await startStack()
  const { db, env } = stack
  console.log(
    `devstack started in ${((Date.now() - started) / 1000).toFixed(1)} s on ${db.kind === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL'}` +
      `${db.applied.length ? `, applied ${db.applied.length} migration(s)` : ''}${db.seeded ? ', seeded' : ''}\n`,
  )
  console.log(pretty(env))
  const shutdown = async () => {
    await stack.stop()
    process.exit(0)
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
} else if (command === 'status') {
  const config = loadConfig()
  const env = stackEnv(
    config,
    config.databaseUrl ?? `postgresql://postgres:postgres@${config.host}:${config.dbPort}/postgres`,
  )
  const { fetchHealth, formatHealth } = await import('./status.ts')
  const devstack = await fetchHealth<DevstackHealth>(`${config.apiUrl}/health`)
  if (!devstack.report) {
    console.error(
      `devstack is not running on ${config.apiUrl} (start it with \`pnpm devstack start\` or \`pnpm dev\`).`,
    )
    process.exitCode = 1
  } else if (values.output === 'env') {
    for (const [k, v] of Object.entries(env)) console.log(`${k}="${v}"`)
  } else {
    // The function's first call boots its worker (and may fetch its npm packages): give it time.
    const functions = await fetchHealth<DetailedHealth>(
      `${config.apiUrl}/functions/v1/health`,
      { Authorization: `Bearer ${config.serviceRoleKey}` },
      30_000,
    )
    const health = { devstack: devstack.report, functions: functions.report, functionsError: functions.error }
    if (values.output === 'json') console.log(JSON.stringify({ ...env, health }, null, 2))
    else console.log(`${pretty(env)}\n\n${formatHealth(health)}`)
  }
} else if (command === 'gen' && positionals[1] === 'types') {
  const { generateDatabaseTypes } = await import('./db/typegen.ts')
  process.stdout.write(await generateDatabaseTypes({ databaseUrl: loadConfig().databaseUrl }))
} else if (command === 'rotate-secrets') {
  const config = loadConfig()
  // The function's first call boots its worker: give it time.
  const response = await fetch(`${config.apiUrl}/functions/v1/rotate-secrets`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${config.serviceRoleKey}`, 'content-type': 'application/json' },
    body: '{}',
    signal: AbortSignal.timeout(120_000),
  }).catch((error: Error) => error)
  if (response instanceof Error) {
    console.error(`devstack is not running on ${config.apiUrl}: ${response.message}`)
    process.exitCode = 1
  } else {
    const report = await response.text()
    console.log(response.ok ? JSON.stringify(JSON.parse(report), null, 2) : report)
    if (!response.ok || !JSON.parse(report).done) process.exitCode = 1
  }
} else if (command === 'reset') {
  const { dataDir, storage } = loadConfig()
  for (const dir of [dataDir, storage.dir]) {
    if (!dir) continue
    rmSync(dir, { recursive: true, force: true })
    console.log(`removed ${dir}`)
  }
} else {
  console.error(`unknown command: ${command}\n\n${usage}`)
  process.exitCode = 2
}

function pretty(env: StackEnv): string {
  const rows: Array<[string, string]> = [
    ['API URL', env.API_URL],
    ['REST URL', env.REST_URL],
    ['Functions URL', env.FUNCTIONS_URL],
    ['DB URL', env.DB_URL],
    ['anon key', env.ANON_KEY],
    ['service_role key', env.SERVICE_ROLE_KEY],
  ]
  return rows.map(([k, v]) => `${k.padStart(17)}: ${v}`).join('\n')
}
