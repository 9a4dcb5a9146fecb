// Per-visitor sliding windows kept in this worker's memory: enough for one devstack process or one
// warm edge worker; a visitor spread over several hosted isolates gets each isolate's allowance.
// A table-backed limiter can replace it behind the same function.
const hits = new Map<string, number[]>()
let lastSweep = Date.now()

export interface Limit {
  max: number
  windowMs: number
}

function perMinute(name: string, fallback: number): Limit {
  const value = Number(Deno.env.get(name))
  return { max: Number.isInteger(value) && value > 0 ? value : fallback, windowMs: 60_000 }
}

/** Per visitor and minute; override in supabase/functions/.env (e.g. for load tests). */
export const limits = {
  sessions: perMinute('CHAT_SESSIONS_PER_MINUTE', 20),
  messages: perMinute('CHAT_MESSAGES_PER_MINUTE', 30),
} satisfies Record<string, Limit>

/** Counts one request; returns ms to wait when over the limit, else 0. */
export function take(key: string, limit: Limit, now = Date.now()): number {
  if (now - lastSweep > 60_000) {
    for (const [k, times] of hits) if (times.every((t) => now - t > 600_000)) hits.delete(k)
    lastSweep = now
  }
  const times = (hits.get(key) ?? []).filter((t) => now - t < limit.windowMs)
  if (times.length >= limit.max) {
    hits.set(key, times)
    return limit.windowMs - (now - (times[0] ?? now))
  }
  times.push(now)
  hits.set(key, times)
  return 0
}
