import { supabaseUrl } from '../env.ts'

/**
 * Supabase Auth counts its request limits per client address, and this server signs everyone in and
 * refreshes everyone's session: left alone, every store admin would share the server's one address, and one
 * attacker could spend it for all. Given the secret key (SUPABASE_SECRET_KEY, server-only), requests to
 * `/auth/v1` name the person's address in Sb-Forwarded-For, which Supabase trusts only with that key (hosted:
 * also Authentication > Rate Limits > IP address forwarding). Nothing else carries the key: data requests keep
 * the anon key and the user's token, so row level security stays in force.
 *
 * The address is the first X-Forwarded-For entry, so the dashboard must run behind a proxy that sets that
 * header (Vercel and most platforms do); without the secret key nothing is forwarded.
 */
export function forwardingFetch(
  forwardedFor: string | null,
  secretKey = process.env.SUPABASE_SECRET_KEY,
): typeof fetch | undefined {
  const address = forwardedFor?.split(',')[0]?.trim()
  if (!secretKey || !address) return undefined
  const auth = `${supabaseUrl.replace(/\/+$/, '')}/auth/v1/`
  return (input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    if (!url.startsWith(auth)) return fetch(input, init)
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined))
    headers.set('apikey', secretKey)
    headers.set('sb-forwarded-for', address)
    return fetch(input, { ...init, headers })
  }
}
