#!/usr/bin/env node
// `pnpm test`: everything, in the order a failure is cheapest to see. Lint, types and generated files, then
// the devstack suites (pgTAP on PGlite, compatibility with the real supabase-js, edge functions; each also on
// PostgreSQL when TEST_DATABASE_URL names a server), then the end-to-end journeys in real Chromium
// against the dev command. Ends with one line: "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const reports = mkdtempSync(join(tmpdir(), 'parley-test-'))
const totals = { passed: 0, failed: 0, skipped: 0 }
const bin = (pkg, name) => join(root, pkg, 'node_modules/.bin', name)

function step(title, command, args, { cwd = '.', env = {} } = {}) {
  console.log(`\n━━ ${title}`)
  const result = spawnSync(command, args, {
    cwd: join(root, cwd),
    stdio: 'inherit',
    env: { ...process.env, ...env },
  })
  if (result.status !== 0) finish(`${title} failed`)
}

function vitest(title, pkg, env = {}) {
  const outputFile = join(reports, `${pkg.replaceAll('/', '-')}.json`)
  console.log(`\n━━ ${title}`)
  const result = spawnSync(
    bin(pkg, 'vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile=${outputFile}`],
    {
      cwd: join(root, pkg),
      stdio: 'inherit',
      env: { ...process.env, ...env },
    },
  )
  if (existsSync(outputFile)) {
    const report = JSON.parse(readFileSync(outputFile, 'utf8'))
    totals.passed += report.numPassedTests
    totals.failed += report.numFailedTests
    totals.skipped += report.numPendingTests + (report.numTodoTests ?? 0)
  }
  if (result.status !== 0) finish(`${title} failed`)
}

function finish(problem) {
  rmSync(reports, { recursive: true, force: true })
  if (problem) console.error(`\n✗ ${problem}`)
  console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
  process.exit(problem || totals.failed ? 1 : 0)
}

/** Debian's Chromium drives the end-to-end tests (playwright-core never downloads a browser). */
function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (existsSync(path)) return path
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('\n━━ installing Debian chromium for the end-to-end tests')
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
    spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit' })
    if (existsSync(path)) return path
  }
  finish(
    `Chromium not found at ${path}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`,
  )
}

function workspacePackagesWithTests() {
  const found = []
  const dirs = ['supabase']
  for (const group of ['packages', 'apps']) {
    for (const name of readdirSync(join(root, group)).sort()) dirs.push(`${group}/${name}`)
  }
  for (const dir of dirs) {
    const manifest = join(root, dir, 'package.json')
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test) found.push(dir)
  }
  // The devstack suites start whole stacks: run them after the quick unit suites.
  return found.sort((a, b) => Number(a === 'packages/devstack') - Number(b === 'packages/devstack'))
}

/** A port nobody listens on now (so several checkouts can run their journeys side by side). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(String(port)))
    })
  })
}

async function withDevCommand(run) {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-data-'))
  const ports = {
    DEVSTACK_API_PORT: await freePort(),
    DEVSTACK_DB_PORT: await freePort(),
    DASHBOARD_PORT: await freePort(),
    CHATWOOT_FAKE_PORT: await freePort(),
    SLACK_FAKE_PORT: await freePort(),
    STRIPE_FAKE_PORT: await freePort(),
    CALCOM_FAKE_PORT: await freePort(),
  }
  const dev = spawn(process.execPath, ['scripts/dev.mjs'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...ports, DEVSTACK_DATA_DIR: dataDir, DATABASE_URL: '', STRIPE_SECRET_KEY: '' },
    detached: true,
  })
  // finish() exits from inside `run` when a suite fails, past the finally below: the stack goes with us anyway.
  const stopDev = () => {
    try {
      process.kill(-dev.pid, 'SIGTERM')
    } catch {}
  }
  process.on('exit', stopDev)
  // The dev command writes the addresses it serves once the dashboard is up (a fake whose port was taken moves).
  const urlsFile = `${dataDir}-urls.json`
  try {
    const deadline = Date.now() + 360_000
    while (!existsSync(urlsFile)) {
      if (dev.exitCode !== null) finish('the dev command exited before the dashboard came up')
      if (Date.now() > deadline) finish('the dev command did not bring the dashboard up within 6 minutes')
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
    const urls = JSON.parse(readFileSync(urlsFile, 'utf8'))
    run({
      E2E_BASE_URL: urls.dashboard,
      E2E_SUPABASE_URL: urls.supabase,
      E2E_CHATWOOT_URL: urls.chatwoot,
      E2E_SLACK_URL: urls.slack,
      E2E_STRIPE_URL: urls.stripe,
      E2E_CALCOM_URL: urls.calcom,
      E2E_CALCOM_API_KEY: urls.calcomKey,
      E2E_INBOX_URL: urls.inbox,
    })
  } finally {
    stopDev()
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(`${dataDir}-functions.env`, { force: true })
    rmSync(urlsFile, { force: true })
  }
}

step('lint (Biome)', bin('.', 'biome'), ['check', '.'])
step('typecheck', bin('.', 'turbo'), ['run', 'typecheck', '--output-logs=errors-only'])
// Committed generated files (the Database type, ...) must match what their sources generate now.
step('generated files are up to date (pnpm gen --check)', process.execPath, ['scripts/gen.mjs', '--check'])
// Every workspace package with a `test` script, cheapest first; e2e runs last, against the dev command.
for (const pkg of workspacePackagesWithTests()) vitest(`${pkg}`, pkg)
const chromium = ensureChromium()
await withDevCommand((env) => vitest('end to end (Chromium)', 'e2e', { ...env, CHROMIUM_PATH: chromium }))
finish()
