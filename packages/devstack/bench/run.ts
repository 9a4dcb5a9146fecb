// `pnpm bench`: how fast the devstack answers, printed beside the floor measured in the same run.
// Figures are printed, never asserted. Runs on embedded PGlite, and on PostgreSQL too when
// TEST_DATABASE_URL (or DATABASE_URL) names a server. BENCH_SAMPLES and BENCH_VISITORS make it quicker.
import { createClient } from '@supabase/supabase-js'
import WebSocket from 'ws'
import { startTestStack } from '../src/testing.ts'
import { type BenchRow, benchAutomationReply, benchTriggerMatching } from './automations.ts'
import { benchChatwoot } from './chatwoot.ts'
import { benchSizes } from './sizes.ts'
import { percentile } from './stats.ts'
import { benchVisitors } from './visitors.ts'

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200)
const CONCURRENCY = 10

interface Figure {
  name: string
  p50: number
  p95: number
  perSecond: number
}

async function measure(name: string, op: () => Promise<unknown>): Promise<Figure> {
  for (let i = 0; i < 10; i++) await op() // warm up
  const times: number[] = []
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < SAMPLES) {
        const t = performance.now()
        await op()
        times.push(performance.now() - t)
      }
    }),
  )
  const elapsed = (performance.now() - started) / 1000
  return {
    name,
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    perSecond: times.length / elapsed,
  }
}

async function bench(label: string, databaseUrl?: string) {
  const stack = await startTestStack({ databaseUrl, seed: true })
  try {
    const { env, postgrestUrl } = stack
    const client = createClient(env.SUPABASE_URL, env.SUPABASE_ANON_KEY, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as never },
    })
    const { data, error } = await client.auth.signInWithPassword({
      email: 'demo@parley.dev',
      password: 'parley-demo-2026',
    })
    if (error || !data.session) throw new Error(`demo sign-in failed: ${error?.message}`)
    const token = data.session.access_token
    const headers = { apikey: env.SUPABASE_ANON_KEY, authorization: `Bearer ${token}` }
    const ok = async (res: Response | Promise<Response>) => {
      const r = await res
      if (!r.ok) throw new Error(`${r.status} ${await r.text()}`)
      await r.arrayBuffer()
    }

    const figures = [
      await measure('floor: SQL select 1 (pool)', () => stack.db.pool.query('select 1')),
      await measure('floor: bare PostgREST GET faqs', () =>
        ok(fetch(`${postgrestUrl}/faqs?select=id,question&limit=10`, { headers })),
      ),
      await measure('gateway + PostgREST GET faqs (RLS)', () =>
        ok(fetch(`${env.REST_URL}/faqs?select=id,question&limit=10`, { headers })),
      ),
      await measure('supabase-js select faqs (RLS)', async () => {
        const r = await client.from('faqs').select('id,question').limit(10)
        if (r.error) throw r.error
      }),
      await measure('auth GET /user', () => ok(fetch(`${env.SUPABASE_URL}/auth/v1/user`, { headers }))),
      await measure('functions whoami (Deno, warm)', () =>
        ok(fetch(`${env.FUNCTIONS_URL}/whoami`, { method: 'POST', headers, body: '{}' })),
      ),
    ]
    console.log(`\n${label}: ${SAMPLES} requests each, ${CONCURRENCY} at a time`)
    console.log(`${'what'.padEnd(40)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'req/s'.padStart(8)}`)
    for (const f of figures) {
      console.log(
        `${f.name.padEnd(40)} ${f.p50.toFixed(1).padStart(8)} ${f.p95.toFixed(1).padStart(8)} ${f.perSecond.toFixed(0).padStart(8)}`,
      )
    }
    await benchVisitors(stack, Number(process.env.BENCH_VISITORS ?? 50))
    printRows(label, await benchAutomationReply(stack, Number(process.env.BENCH_VISITORS ?? 50)))
    if (label === 'embedded PGlite') await benchSizes(stack)
  } finally {
    await stack.stop()
  }
}

/** Rows in the shape of the bench's one table (bench/automations.ts), printed as lines until it lands. */
function printRows(label: string, rows: BenchRow[]) {
  console.log(`\n${label}: automations`)
  for (const r of rows) {
    const ref = r.reference
      ? `  (${r.reference.kind} ${r.reference.value.toFixed(0)} ${r.unit}${r.reference.what ? `, ${r.reference.what}` : ''})`
      : ''
    console.log(`${r.figure.padEnd(56)} ${r.value.toFixed(0).padStart(8)} ${r.unit}${ref}  ${r.note ?? ''}`)
  }
}

printRows('in-process', [benchTriggerMatching()])
await bench('embedded PGlite')
await benchChatwoot()
const server = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL
if (server) await bench('PostgreSQL server', server)
