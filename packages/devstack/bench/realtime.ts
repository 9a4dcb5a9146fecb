// What realtime adds to a write: a committed insert until its postgres_changes event reaches a subscriber.
import { createClient } from '@supabase/supabase-js'
import WebSocket from 'ws'
import type { BenchStack } from './stack-process.ts'
import { percentile } from './stats.ts'
import type { BenchTable } from './table.ts'

/** One insert at a time, so the figure is the change's own path (heard on commit, not by the 3 s safety poll). */
export async function benchInsertToEvent(
  stack: BenchStack,
  table: BenchTable,
  group: string,
  samples: number,
) {
  await stack.pool.query('create table public.bench_events (id bigint primary key)')
  await stack.pool.query('alter publication supabase_realtime add table public.bench_events')
  const subscriber = createClient(stack.env.SUPABASE_URL, stack.env.SUPABASE_SERVICE_ROLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  })
  const waiting = new Map<number, () => void>()
  const channel = subscriber
    .channel('bench-events')
    .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'bench_events' }, (p) =>
      waiting.get((p.new as { id: number }).id)?.(),
    )
  await new Promise<void>((resolve, reject) =>
    channel.subscribe((status, err) =>
      status === 'SUBSCRIBED' ? resolve() : status === 'CHANNEL_ERROR' ? reject(err) : undefined,
    ),
  )
  const times: number[] = []
  try {
    for (let id = 1; id <= samples + 10; id++) {
      const heard = new Promise<void>((resolve) => waiting.set(id, resolve))
      const t = performance.now()
      await stack.pool.query('insert into public.bench_events (id) values ($1)', [id])
      await heard
      if (id > 10) times.push(performance.now() - t) // the first ones warm up
    }
  } finally {
    await subscriber.removeAllChannels()
    await stack.pool.query('drop table public.bench_events')
  }
  table.add({
    group,
    figure: 'realtime: insert -> event, p50',
    value: percentile(times, 0.5),
    unit: 'ms',
    note: `${times.length} inserts, one at a time`,
  })
}
