import 'server-only'
import { headers } from 'next/headers'

/** The origin this page was served from (what embed codes and shared links should point at). */
export async function requestOrigin() {
  const h = await headers()
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? '127.0.0.1:3000'
  const proto = h.get('x-forwarded-proto') ?? 'http'
  return `${proto}://${host}`
}
