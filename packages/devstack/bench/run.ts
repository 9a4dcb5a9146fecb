// `pnpm bench`: how fast the devstack answers, each figure beside its floor (measured in the same run) or its
// budget, printed as one table at the end. Figures are printed, never asserted. Runs on embedded PGlite, and
// on PostgreSQL too when TEST_DATABASE_URL (or DATABASE_URL) names a server.
//
// Shorter runs: BENCH_SAMPLES (requests per latency figure, 200), BENCH_SHOPPERS (200), BENCH_THINK_MS
// (2000), BENCH_DURATION_MS (the shopper run per engine, 60000), BENCH_CAPACITY_STEP_MS (each step of the
// capacity search, 10000; 0 skips it), BENCH_ONLY (pglite | postgres | automations | chatwoot | sizes | analytics,
// comma-separated; analytics needs a PostgreSQL server and writes a year of history), BENCH_AUTOMATION_SHOPPERS
// (50), BENCH_ANALYTICS_MESSAGES (1000000).
// Not in the default run (a production build of the dashboard and a second year of history, minutes):
// BENCH_ONLY=analytics-page, the analytics page in Chromium, with BENCH_PAGE_LOADS (10), BENCH_PAGE_API_PORT
// (54399, the stack the build points at) and BENCH_PAGE_REUSE_BUILD=1 (keep a `.next-bench` built for that port).
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@supabase/supabase-js'
import WebSocket from 'ws'
import { benchAnalytics } from './analytics.ts'
import { benchAnalyticsPage } from './analytics-page.ts'
import { benchAutomationReply, benchTriggerMatching } from './automations.ts'
import { benchChatwoot } from './chatwoot.ts'
import { benchInsertToEvent } from './realtime.ts'
import { benchSizes } from './sizes.ts'
import { startBenchStack } from './stack-process.ts'
import { percentile } from './stats.ts'
import { BenchTable, type Reference } from './table.ts'
import { benchModelReply, benchVisitors } from './visitors.ts'

const env = process.env
const SAMPLES = Number(env.BENCH_SAMPLES ?? 200)
const CONCURRENCY = 10
const only = new Set((env.BENCH_ONLY ?? 'pglite,postgres,automations,chatwoot,sizes,analytics').split(','))
const table = new BenchTable()

/**
 * The shoppers are a load generator, not 200 people on 200 addresses: every one of them comes from 127.0.0.1
 * and writes every 2 s, so the deployment's chat limits are set for it (see supabase/functions/chat/README.md).
 */
function benchFunctionsEnv(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'parley-bench-')), 'functions.env')
  writeFileSync(
    file,
    [
      'CHAT_LIMIT_VISITOR_MESSAGES_PER_MINUTE=100000',
      'CHAT_LIMIT_CHATBOT_MESSAGES_PER_MINUTE=1000000',
      'CHAT_LIMIT_IP_FRESH_SESSIONS_PER_HOUR=100000',
      // as in production: the model chatbot's key is sealed on first use and opened from then on
      `PARLEY_ENCRYPTION_KEY=${randomBytes(32).toString('base64')}`,
    ].join('\n'),
  )
  return file
}

/** p50 and p95 of `op`, run SAMPLES times, CONCURRENCY at a time, after a warm-up. */
async function measure(op: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 10; i++) await op()
  const times: number[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < SAMPLES) {
        const t = performance.now()
        await op()
        times.push(performance.now() - t)
      }
    }),
  )
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) }
}

async function bench(group: string, databaseUrl?: string) {
  const stack = await startBenchStack({ databaseUrl, seed: true, functionsEnvFile: benchFunctionsEnv() })
  try {
    const { env: stackEnv, postgrestUrl } = stack
    const client = createClient(stackEnv.SUPABASE_URL, stackEnv.SUPABASE_ANON_KEY, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as never },
    })
    const { data, error } = await client.auth.signInWithPassword({
      email: 'demo@parley.dev',
      password: 'parley-demo-2026',
    })
    if (error || !data.session) throw new Error(`demo sign-in failed: ${error?.message}`)
    const headers = {
      apikey: stackEnv.SUPABASE_ANON_KEY,
      authorization: `Bearer ${data.session.access_token}`,
    }
    const ok = async (res: Response | Promise<Response>) => {
      const r = await res
      if (!r.ok) throw new Error(`${r.status} ${await r.text()}`)
      await r.arrayBuffer()
    }
    const how = `${SAMPLES} requests, ${CONCURRENCY} at a time`
    const add = async (figure: string, op: () => Promise<unknown>, floor?: { p50: number; what: string }) => {
      const m = await measure(op)
      const reference: Reference | undefined = floor && { kind: 'floor', value: floor.p50, what: floor.what }
      table.add({
        group,
        figure: `${figure}, p50`,
        value: m.p50,
        unit: 'ms',
        note: how,
        ...(reference && { reference }),
      })
      return m
    }

    const sql = await add('floor: SQL select 1 (pool)', () => stack.pool.query('select 1'))
    const rest = await add('floor: bare PostgREST GET faqs', () =>
      ok(fetch(`${postgrestUrl}/faqs?select=id,question&limit=10`, { headers })),
    )
    const bareRest = { p50: rest.p50, what: 'bare PostgREST' }
    await add(
      'gateway + PostgREST GET faqs (RLS)',
      () => ok(fetch(`${stackEnv.REST_URL}/faqs?select=id,question&limit=10`, { headers })),
      bareRest,
    )
    await add(
      'supabase-js select faqs (RLS)',
      async () => {
        const r = await client.from('faqs').select('id,question').limit(10)
        if (r.error) throw r.error
      },
      bareRest,
    )
    await add('auth GET /user', () => ok(fetch(`${stackEnv.SUPABASE_URL}/auth/v1/user`, { headers })), {
      p50: sql.p50,
      what: 'SQL select 1',
    })
    const direct = await add('floor: the chat function straight from its Deno worker (OPTIONS)', () =>
      ok(fetch(`${stack.chatWorkerUrl}/chat/messages`, { method: 'OPTIONS' })),
    )
    await add(
      'gateway + function runner + Deno (OPTIONS /functions/v1/chat)',
      () => ok(fetch(`${stackEnv.FUNCTIONS_URL}/chat/messages`, { method: 'OPTIONS' })),
      { p50: direct.p50, what: 'Deno worker' },
    )
    await add(
      'functions whoami (Deno, warm; auth + PostgREST inside)',
      () => ok(fetch(`${stackEnv.FUNCTIONS_URL}/whoami`, { method: 'POST', headers, body: '{}' })),
      bareRest,
    )
    await benchInsertToEvent(stack, table, group, Math.min(SAMPLES, 200))
    await benchModelReply(stack, table, group)
    await benchVisitors(stack, table, group, {
      shoppers: Number(env.BENCH_SHOPPERS ?? 200),
      thinkMs: Number(env.BENCH_THINK_MS ?? 2000),
      durationMs: Number(env.BENCH_DURATION_MS ?? 60_000),
      capacityStepMs: Number(env.BENCH_CAPACITY_STEP_MS ?? 10_000),
    })
    if (group === 'PGlite' && only.has('sizes')) await benchSizes(stack, table)
  } finally {
    await stack.stop()
  }
}

/** A stack of its own with its schedulers running, as the dev command has them. */
async function benchAutomations(group: string, databaseUrl?: string) {
  const stack = await startBenchStack({
    databaseUrl,
    seed: true,
    scheduler: true,
    functionsEnvFile: benchFunctionsEnv(),
  })
  try {
    await benchAutomationReply(stack, table, group, Number(env.BENCH_AUTOMATION_SHOPPERS ?? 50))
  } finally {
    await stack.stop()
  }
}

try {
  if (only.has('automations')) table.add(benchTriggerMatching())
  if (only.has('pglite')) await bench('PGlite')
  if (only.has('pglite') && only.has('automations')) await benchAutomations('PGlite')
  if (only.has('chatwoot')) await benchChatwoot(table)
  const server = env.TEST_DATABASE_URL || env.DATABASE_URL
  if (server && only.has('postgres')) await bench('PostgreSQL', server)
  if (server && only.has('postgres') && only.has('automations')) await benchAutomations('PostgreSQL', server)
  if (server && only.has('analytics'))
    await benchAnalytics(table, server, Number(env.BENCH_ANALYTICS_MESSAGES ?? 1_000_000))
  else if (only.has('analytics'))
    console.log('analytics: set TEST_DATABASE_URL (a PostgreSQL server) to measure it')
  if (server && only.has('analytics-page'))
    await benchAnalyticsPage(table, server, {
      messages: Number(env.BENCH_ANALYTICS_MESSAGES ?? 1_000_000),
      loads: Number(env.BENCH_PAGE_LOADS ?? 10),
      apiPort: Number(env.BENCH_PAGE_API_PORT ?? 54399),
      reuseBuild: env.BENCH_PAGE_REUSE_BUILD === '1',
    })
  else if (only.has('analytics-page'))
    console.log('analytics-page: set TEST_DATABASE_URL (a PostgreSQL server) to measure it')
} finally {
  table.print()
}
