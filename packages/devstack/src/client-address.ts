import { isIP } from 'node:net'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context, MiddlewareHandler } from 'hono'
import { LOCAL_SECRET_KEY } from './config.ts'

/**
 * Who is calling, told to every service the way hosted Supabase's edge does it: `X-Forwarded-For` and
 * `X-Real-IP` carry the socket's address, replacing whatever the client claimed. A server calling on a
 * person's behalf (a dashboard signing them in) may name that person's address in `Sb-Forwarded-For`, but only
 * with the secret key, as on hosted Supabase: anyone else could otherwise pick a fresh address per request.
 */
export const clientAddress: MiddlewareHandler = async (c, next) => {
  const headers = c.req.raw.headers
  const address = forwardedByServer(c) ?? socketAddress(c)
  headers.delete('sb-forwarded-for')
  headers.set('x-forwarded-for', address)
  headers.set('x-real-ip', address)
  await next()
}

function forwardedByServer(c: Context): string | undefined {
  const key = c.req.header('apikey') ?? c.req.query('apikey')
  const named = c.req.header('sb-forwarded-for')?.split(',')[0]?.trim()
  return key === LOCAL_SECRET_KEY && named && isIP(named) ? normalise(named) : undefined
}

function socketAddress(c: Context): string {
  try {
    return normalise(getConnInfo(c).remote.address ?? 'unknown')
  } catch {
    return 'unknown' // not served by @hono/node-server (app.request in a unit test)
  }
}

/** `::ffff:127.0.0.1` is 127.0.0.1. */
const normalise = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '')

/**
 * The address limits count against: an IPv4 address, or an IPv6 address's /64 (what one subscriber usually
 * gets; counting single addresses would hand each of them 2^64 fresh ones).
 */
export function limitedAddress(address: string): string {
  if (isIP(address) !== 6) return address
  const [head = '', tail] = address.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g || '0', 16).toString(16))
    .join(':')}::/64`
}
