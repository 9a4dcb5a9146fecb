import { randomBytes } from 'node:crypto'

/** A Stripe-looking id: `cus_` + 24 random letters and digits. */
export function id(prefix: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  return prefix + Array.from(randomBytes(24), (b) => alphabet[b % alphabet.length]).join('')
}

/** Unix seconds, Stripe's timestamps; the fake's clock can be moved forward (control.advanceClock). */
export const clock = { offsetSeconds: 0 }
export const now = () => Math.floor(Date.now() / 1000) + clock.offsetSeconds

/** One month later, as Stripe's monthly billing anchors it (same day of month, clamped). */
export function addMonth(unixSeconds: number): number {
  const d = new Date(unixSeconds * 1000)
  const day = d.getUTCDate()
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() + 1)
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()
  d.setUTCDate(Math.min(day, last))
  return Math.floor(d.getTime() / 1000)
}
