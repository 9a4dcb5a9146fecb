// `pnpm bench` (BENCH_ONLY=analytics, PostgreSQL only): one store with 1,000,000 messages over 12 months
// (analytics-generator.sql), its facts and rollups built by the backfill, then
// - the analytics page's query (public.analytics_report, as the store's owner under RLS) for random 30-day
//   periods: p50 and p95 beside the 100 ms budget;
// - what the analytics triggers add to the chat path: a visitor's line and the bot's reply (two commits,
//   as the chat function writes them), one at a time and from 8 connections at once, with the analytics
//   triggers on and off.
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type pg from 'pg'
import { openTestDatabase } from '../src/db/testing.ts'
import { percentile } from './stats.ts'
import type { BenchTable } from './table.ts'

export const STORE = 'be000000-0000-4000-8000-000000000010'
export const OWNER = 'be000000-0000-4000-8000-000000000001'
const BOT = 'be000000-0000-4000-8000-000000000020'
const group = 'PostgreSQL'

export async function benchAnalytics(table: BenchTable, databaseUrl: string, messages = 1_000_000) {
  const db = await openTestDatabase({ databaseUrl })
  try {
    const { generated, rebuilt, counts: c } = await writeHistory(db.pool, messages)
    table.add({
      group,
      figure: 'analytics: history generated, then backfilled',
      value: rebuilt,
      unit: 'ms',
      note: `${c.messages} messages (${Math.round(generated / 1000)} s to write), ${c.facts} facts, ${c.rollups} rollup rows`,
    })

    // The page's one query, as the owner (RLS), for 30-day periods anywhere in the year.
    const report: number[] = []
    for (let i = 0; i < 40; i++) {
      const end = new Date(Date.now() - Math.random() * 330 * 86_400_000)
      const from = new Date(end.getTime() - 29 * 86_400_000)
      const day = (d: Date) => d.toISOString().slice(0, 10)
      report.push(
        await asOwner(db.pool, `select public.analytics_report($1, $2, $3)`, [STORE, day(from), day(end)]),
      )
    }
    table.add({
      group,
      figure: 'analytics: the page query, 30 days, p50',
      value: percentile(report, 0.5),
      unit: 'ms',
      note: '40 random periods, as the owner under RLS',
    })
    table.add({
      group,
      figure: 'analytics: the page query, 30 days, p95',
      value: percentile(report, 0.95),
      unit: 'ms',
      reference: { kind: 'budget', value: 100 },
      note: 'KPIs and the previous period, series, funnel, intents, questions, sentiment, people',
    })

    // The chat path with and without the analytics triggers.
    for (const concurrency of [1, 8]) {
      const on = await chatLines(db.pool, concurrency)
      await toggleTriggers(db.pool, false)
      const off = await chatLines(db.pool, concurrency)
      await toggleTriggers(db.pool, true)
      table.add({
        group,
        figure: `analytics: a line + the bot's reply, ${concurrency === 1 ? 'one at a time' : '8 at once'}, p50`,
        value: percentile(on, 0.5),
        unit: 'ms',
        reference: { kind: 'floor', value: percentile(off, 0.5), what: 'the same without analytics' },
        note: `p95 ${percentile(on, 0.95).toFixed(1)} ms with, ${percentile(off, 0.95).toFixed(1)} ms without`,
      })
    }
  } finally {
    await db.stop()
  }
}

/** The bench store's year of history (analytics-generator.sql), then its facts and rollups, as a backfill. */
export async function writeHistory(pool: pg.Pool, messages: number) {
  const sessions = Math.round(messages / 8)
  const script = readFileSync(new URL('./analytics-generator.sql', import.meta.url), 'utf8')
    .replaceAll(":'store'", `'${STORE}'`)
    .replaceAll(":'owner'", `'${OWNER}'`)
    .replaceAll(":'bot'", `'${BOT}'`)
    .replaceAll(':sessions', String(sessions))
  let started = performance.now()
  const client = await pool.connect()
  try {
    await client.query(script)
  } finally {
    client.release()
  }
  const generated = performance.now() - started
  started = performance.now()
  await pool.query(`select private.analytics_rebuild($1)`, [STORE])
  const rebuilt = performance.now() - started
  // What autovacuum does soon after on a live server: the page's query then reads the index alone.
  await pool.query('vacuum analyze public.analytics_events, public.analytics_daily')
  const { rows } = await pool.query(
    `select (select count(*) from public.messages)::int as messages,
            (select count(*) from public.analytics_events)::int as facts,
            (select count(*) from public.analytics_daily)::int as rollups`,
  )
  const counts = rows[0] as { messages: number; facts: number; rollups: number }
  return { generated, rebuilt, counts }
}

async function asOwner(pool: pg.Pool, sql: string, values: unknown[]): Promise<number> {
  const client = await pool.connect()
  try {
    await client.query('begin')
    await client.query(
      `select set_config('role', 'authenticated', true),
      set_config('request.jwt.claims', $1, true)`,
      [JSON.stringify({ sub: OWNER, role: 'authenticated' })],
    )
    const started = performance.now()
    await client.query(sql, values)
    const elapsed = performance.now() - started
    await client.query('commit')
    return elapsed
  } finally {
    client.release()
  }
}

async function toggleTriggers(pool: pg.Pool, on: boolean) {
  const verb = on ? 'enable' : 'disable'
  await pool.query(`alter table public.messages ${verb} trigger messages_analytics_events;
    alter table public.chat_sessions ${verb} trigger chat_sessions_analytics_events_insert;
    alter table public.chat_sessions ${verb} trigger chat_sessions_analytics_events_update`)
}

/** `concurrency` visitors each in their own conversation, 60 lines each: the time of each line + reply. */
async function chatLines(pool: pg.Pool, concurrency: number): Promise<number[]> {
  const times: number[] = []
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const client = await pool.connect()
      try {
        const session = randomUUID()
        await client.query(
          `insert into public.chat_sessions (id, store_id, chatbot_id, language) values ($1, $2, $3, 'en')`,
          [session, STORE, BOT],
        )
        for (let i = 0; i < 60; i++) {
          const started = performance.now()
          const { rows } = await client.query(
            `insert into public.messages (store_id, session_id, sender, content, author_id)
             values ($1, $2, 'customer', 'How long does shipping take?', null) returning id`,
            [STORE, session],
          )
          await client.query(
            `insert into public.messages (store_id, session_id, sender, content, reply_to, metadata, author_id)
             values ($1, $2, 'bot', '2-4 working days', $3, '{"kind": "answer"}', null)`,
            [STORE, session, rows[0]?.id],
          )
          times.push(performance.now() - started)
        }
      } finally {
        client.release()
      }
    }),
  )
  return times
}
