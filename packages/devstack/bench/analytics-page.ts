// `pnpm bench` (BENCH_ONLY=analytics-page, PostgreSQL only): the analytics page of the bench store (a year of
// history, analytics-generator.sql) as its owner sees it, in Debian's Chromium driven by playwright-core (as
// e2e/ does), served by the production dashboard (`next build` + `next start`) against a devstack on
// PostgreSQL. Each load is a new tab on a random 30-day period, timed from navigation start until the KPI
// cards and the bars of the charts are shown; p50 and p95 beside the 1 s budget. Excluded: the
// build, the server's first render and the browser's first download of the scripts (one warm-up load), so
// the figure is a returning owner's page.
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium, type Page } from 'playwright-core'
import { freePort, waitFor } from '../src/net.ts'
import { OWNER, STORE, writeHistory } from './analytics.ts'
import { startBenchStack } from './stack-process.ts'
import { percentile } from './stats.ts'
import type { BenchTable } from './table.ts'

const dashboardDir = fileURLToPath(new URL('../../../apps/dashboard/', import.meta.url))
/** Its own build folder, so the bench never touches a developer's `.next`. */
const DIST_DIR = '.next-bench'
const PASSWORD = 'bench-owner-2026'
const group = 'Chromium'

interface Options {
  messages: number
  loads: number
  /** The stack's API port: the build inlines NEXT_PUBLIC_SUPABASE_URL, so it cannot move between runs. */
  apiPort: number
  /** Reuse `.next-bench` when it was built for the same URL (skips a few minutes; stale if the app changed). */
  reuseBuild: boolean
}

/** Milliseconds from navigation start. */
interface Load {
  /** The first byte of the page (it has no loading skeleton: the server answers once the report is in). */
  firstByte: number
  /** The last byte: the server's render streamed whole, the report query included. */
  lastByte: number
  /** The load event: every script fetched and run (Next's are async: React hydrates around here). */
  scripts: number
  /** Main-thread time spent running JavaScript until Recharts drew (Chromium's ScriptDuration). */
  scriptTime: number
  /** The KPI cards in the document, maybe not shown yet (streamed HTML waits hidden for its turn). */
  parsed: number
  /** The KPI cards shown (server HTML). */
  kpis: number
  /** Until the KPI cards and the bars of the three charts are shown. */
  ready: number
  /** Until Recharts has drawn the time series (loaded after the first view: its bars are clickable). */
  recharts: number
}

export async function benchAnalyticsPage(table: BenchTable, databaseUrl: string, options: Options) {
  const stack = await startBenchStack({ databaseUrl, apiPort: options.apiPort })
  let dashboard: { baseUrl: string; stop(): void } | undefined
  try {
    const supabaseUrl = stack.env.SUPABASE_URL
    // The build and the history both take minutes: side by side (neither is measured).
    const built = buildDashboard(supabaseUrl, options.reuseBuild)
    await writeHistory(stack.pool, options.messages)
    await stack.pool.query(
      `update auth.users set encrypted_password = extensions.crypt($2, extensions.gen_salt('bf')) where id = $1`,
      [OWNER, PASSWORD],
    )
    const buildNote = await built
    dashboard = await startDashboard(supabaseUrl)
    const loads = await loadPages(dashboard.baseUrl, options.loads)
    const p = (key: keyof Load, q: number) =>
      percentile(
        loads.map((l) => l[key]),
        q,
      ).toFixed(0)
    const how = `${loads.length} loads, random 30-day periods, as the owner; ${buildNote}`
    table.add({
      group,
      figure: 'analytics page: ready (KPIs + bars shown), p50',
      value: Number(p('ready', 0.5)),
      unit: 'ms',
      reference: { kind: 'budget', value: 1000 },
      note: how,
    })
    table.add({
      group,
      figure: 'analytics page: ready (KPIs + bars shown), p95',
      value: Number(p('ready', 0.95)),
      unit: 'ms',
      reference: { kind: 'budget', value: 1000 },
      note: `p50s: first byte ${p('firstByte', 0.5)} ms, server render done ${p('lastByte', 0.5)}, KPIs parsed ${p('parsed', 0.5)}, shown ${p('kpis', 0.5)}, scripts loaded ${p('scripts', 0.5)}`,
    })
    table.add({
      group,
      figure: 'analytics page: time series interactive (Recharts drawn), p50',
      value: Number(p('recharts', 0.5)),
      unit: 'ms',
      note: `after the first view; p95 ${p('recharts', 0.95)} ms; JS ran ${p('scriptTime', 0.5)} ms until then`,
    })
  } finally {
    dashboard?.stop()
    await stack.stop()
  }
}

/** `next build` into DIST_DIR against `supabaseUrl`, unless reuse is asked and a build for it is there. */
async function buildDashboard(supabaseUrl: string, reuse: boolean): Promise<string> {
  const marker = `${dashboardDir}${DIST_DIR}/bench-supabase-url`
  if (reuse && existsSync(marker) && readFileSync(marker, 'utf8') === supabaseUrl) return 'build reused'
  const started = performance.now()
  const child = spawn('node_modules/.bin/next', ['build'], { cwd: dashboardDir, env: nextEnv(supabaseUrl) })
  const output = collect(child)
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`next build failed (${code}):\n${output()}`)
  writeFileSync(marker, supabaseUrl)
  return `built in ${Math.round((performance.now() - started) / 1000)} s (not measured)`
}

async function startDashboard(supabaseUrl: string) {
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const child = spawn('node_modules/.bin/next', ['start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: dashboardDir,
    env: nextEnv(supabaseUrl),
    detached: true,
  })
  const output = collect(child)
  const stop = () => {
    if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM')
  }
  try {
    await waitFor(
      `next start (${output()})`,
      async () => {
        if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output()}`)
        return fetch(`${baseUrl}/login`).then(
          (r) => r.ok,
          () => false,
        )
      },
      60_000,
    )
  } catch (error) {
    stop()
    throw error
  }
  return { baseUrl, stop }
}

function nextEnv(supabaseUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_PUBLIC_SUPABASE_URL: supabaseUrl,
    NEXT_DIST_DIR: DIST_DIR,
    NEXT_TELEMETRY_DISABLED: '1',
  }
}

function collect(child: ChildProcess): () => string {
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  return () => output
}

/**
 * Notes `performance.now()` (milliseconds since navigation start) the moment the KPI cards and the bars of
 * the time series, the funnel and the intents are all shown: `[data-bar]` marks a drawn bar whoever drew
 * it (the server's HTML or Recharts), and an element counts once the browser shows it (streamed HTML waits
 * in a hidden node until its turn). `recharts` is apart: when Recharts has drawn the series (its bars open
 * a day on click), which the page loads after the first view.
 * Plain JavaScript in a string: tsx would wrap a function's inner functions in a helper the page lacks.
 */
const PARTS = `(() => {
  const shown = (selector) => document.querySelector(selector)?.checkVisibility() ?? false
  return {
    parsed: !!document.querySelector('[data-kpi="conversations"]'),
    kpis: shown('[data-kpi="conversations"]'),
    series: shown('[data-testid="series-chart"] [data-bar]'),
    funnel: shown('[data-testid="funnel-chart"] [data-bar]'),
    intents: shown('[data-testid="intents-chart"] [data-bar]'),
    recharts: shown('[data-testid="series-chart"] .recharts-bar-rectangle'),
  }
})()`
const READY_SIGNAL = `{
  window.__analyticsSeen = {}
  const observer = new MutationObserver(() => {
    const now = performance.now()
    for (const [part, there] of Object.entries(${PARTS})) if (there) window.__analyticsSeen[part] ??= now
    const seen = window.__analyticsSeen
    if (!window.__analyticsReady && seen.kpis && seen.series && seen.funnel && seen.intents) {
      window.__analyticsReady = now
    }
    if (window.__analyticsReady && seen.recharts) observer.disconnect()
  })
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['hidden'] })
}`

async function loadPages(baseUrl: string, loads: number): Promise<Load[]> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  })
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    context.setDefaultTimeout(60_000)
    await context.addInitScript({ content: READY_SIGNAL })
    const page = await context.newPage()
    await page.goto(`${baseUrl}/login`)
    await page.getByLabel('Email').fill('bench-owner@parley.dev')
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL((url) => !url.pathname.startsWith('/login'))
    await page.close()
    const results: Load[] = []
    // The first load warms the server and the browser's cache; it is not counted.
    for (let i = 0; i <= loads; i++) {
      const tab = await context.newPage()
      const cdp = await context.newCDPSession(tab)
      await cdp.send('Performance.enable')
      await tab.goto(`${baseUrl}/stores/${STORE}/analytics?${randomPeriod()}`, { waitUntil: 'commit' })
      const ready = await tab
        .waitForFunction('window.__analyticsReady')
        .then((h) => h.jsonValue() as Promise<number>)
        .catch(async (error) => {
          throw new Error(`the analytics page was not ready: ${await whatItShows(tab)}`, { cause: error })
        })
      await tab.waitForFunction('window.__analyticsSeen.recharts').catch(async (error) => {
        throw new Error(`Recharts never drew the series: ${await whatItShows(tab)}`, { cause: error })
      })
      await tab.waitForFunction(`performance.getEntriesByType('navigation')[0].loadEventEnd > 0`)
      const timing: Omit<Load, 'ready' | 'scriptTime'> = JSON.parse(
        await tab.evaluate(`{
          const n = performance.getEntriesByType('navigation')[0]
          JSON.stringify({ firstByte: n.responseStart, lastByte: n.responseEnd, scripts: n.loadEventEnd,
            parsed: window.__analyticsSeen.parsed, kpis: window.__analyticsSeen.kpis, recharts: window.__analyticsSeen.recharts })
        }`),
      )
      const { metrics } = await cdp.send('Performance.getMetrics')
      const scriptTime = 1000 * (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0)
      if (i > 0) results.push({ ready, scriptTime, ...timing })
      await tab.close()
    }
    return results
  } finally {
    await browser.close()
  }
}

/** Which of the ready signal's parts are there, for a failure that says why. */
function whatItShows(tab: Page): Promise<string> {
  return tab.evaluate(
    `JSON.stringify({ url: location.href, ...${PARTS}, text: document.body.innerText.slice(0, 300) })`,
  )
}

/** A 30-day period ending anywhere in the generated year (the generator's days, not today's zone edge). */
function randomPeriod(): string {
  const day = (d: Date) => d.toISOString().slice(0, 10)
  const to = new Date(Date.now() - Math.random() * 330 * 86_400_000)
  const from = new Date(to.getTime() - 29 * 86_400_000)
  return `from=${day(from)}&to=${day(to)}`
}
