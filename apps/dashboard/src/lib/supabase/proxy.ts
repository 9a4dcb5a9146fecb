import type { Database } from '@parley/supabase/database'
import { createServerClient } from '@supabase/ssr'
import { type NextRequest, NextResponse } from 'next/server'
import { supabaseAnonKey, supabaseUrl } from '../env.ts'
import { forwardingFetch } from './forward-address.ts'
import { serverClientOptions } from './server-options.ts'

/**
 * Refreshes the auth session (rotating cookies when the access token is near expiry) and returns the
 * response carrying the new cookies along with the signed-in user, if any.
 */
export async function updateSession(request: NextRequest) {
  let response = NextResponse.next({ request })
  const forward = forwardingFetch(request.headers.get('x-forwarded-for'))
  const supabase = createServerClient<Database>(supabaseUrl, supabaseAnonKey, {
    ...serverClientOptions,
    ...(forward ? { global: { fetch: forward } } : {}),
    cookies: {
      getAll: () => request.cookies.getAll(),
      setAll(cookiesToSet, headers) {
        for (const { name, value } of cookiesToSet) request.cookies.set(name, value)
        response = NextResponse.next({ request })
        for (const { name, value, options } of cookiesToSet) response.cookies.set(name, value, options)
        // Keeps CDNs from caching a response that sets someone's session cookies.
        for (const [key, value] of Object.entries(headers ?? {})) response.headers.set(key, value)
      },
    },
  })
  const { data } = await supabase.auth.getUser()
  return { response, user: data.user }
}
