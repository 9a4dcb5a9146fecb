// Per-visitor sliding windows kept in this worker's memory: enough for one devstack process or one
// warm edge worker; a visitor spread over several hosted isolates gets each isolate's allowance.
// A table-backed limiter can replace it behind the same function.
const hits = new Map<string, number[]>()
let lastSweep = Date.now()

export interface Limit {
  max: number
  windowMs: number
}

export const limits = {
  sessions: { max: 20, windowMs: 60_000 },
  messages: { max: 30, windowMs: 60_000 },
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
