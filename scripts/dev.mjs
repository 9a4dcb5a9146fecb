#!/usr/bin/env node
// `pnpm dev`: the devstack (database, PostgREST, auth, functions) and the dashboard, with the demo store.
// Ports: DEVSTACK_API_PORT (54321), DEVSTACK_DB_PORT (54322), DASHBOARD_PORT (3000).
// DATABASE_URL: run on a PostgreSQL server instead of the embedded PGlite.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const apiPort = process.env.DEVSTACK_API_PORT ?? '54321'
const dashboardPort = process.env.DASHBOARD_PORT ?? '3000'
const apiUrl = `http://127.0.0.1:${apiPort}`
const children = []

function run(name, command, args, env = {}, cwd = '.') {
  const child = spawn(command, args, {
    cwd: `${root}/${cwd}`,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  })
  child.on('exit', (code, signal) => {
    if (stopping) return
    console.error(`\n${name} exited (${signal ?? code}); stopping.`)
    stop(code ?? 1)
  })
  children.push(child)
  return child
}

let stopping = false
function stop(code = 0) {
  stopping = true
  for (const child of children) child.kill('SIGTERM')
  setTimeout(() => process.exit(code), 1500).unref()
}
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))

async function waitFor(url, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (stopping) return
    const ok = await fetch(url).then(
      (r) => r.status < 500,
      () => false,
    )
    if (ok) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`${what} did not come up at ${url} within ${timeoutMs / 1000} s`)
}

const started = Date.now()
run('devstack', process.execPath, ['packages/devstack/bin/devstack.mjs', 'start'])
await waitFor(`${apiUrl}/`, 'devstack', 120_000)

// The dashboard defaults to the local anon key; only the API URL depends on our ports.
run(
  'dashboard',
  'node_modules/.bin/next',
  ['dev', '-p', dashboardPort, '-H', '127.0.0.1'],
  {
    NEXT_PUBLIC_SUPABASE_URL: apiUrl,
  },
  'apps/dashboard',
)
await waitFor(`http://127.0.0.1:${dashboardPort}/login`, 'dashboard', 180_000)
console.log(`
  Parley is up in ${Math.round((Date.now() - started) / 1000)} s
  Dashboard  http://127.0.0.1:${dashboardPort}   (demo owner: demo@parley.dev / parley-demo-2026)
  Shop demo  http://localhost:${dashboardPort}/sample-shop   (a store page with the chat widget embedded)
  Supabase   ${apiUrl}   (\`pnpm devstack status\` prints the keys)
`)
