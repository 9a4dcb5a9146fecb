import 'server-only'
import type { Database } from '@parley/supabase/database'
import { createServerClient } from '@supabase/ssr'
import { cookies, headers } from 'next/headers'
import { supabaseAnonKey, supabaseUrl } from '../env.ts'
import { forwardingFetch } from './forward-address.ts'
import { serverClientOptions } from './server-options.ts'

/** A client acting as the signed-in user, for server components and server actions. */
export async function createClient() {
  const cookieStore = await cookies()
  const forward = forwardingFetch((await headers()).get('x-forwarded-for'))
  return createServerClient<Database>(supabaseUrl, supabaseAnonKey, {
    ...serverClientOptions,
    ...(forward ? { global: { fetch: forward } } : {}),
    cookies: {
      getAll: () => cookieStore.getAll(),
      setAll(cookiesToSet) {
        try {
          for (const { name, value, options } of cookiesToSet) cookieStore.set(name, value, options)
        } catch {
          // Server components cannot set cookies; the proxy refreshes the session on every request instead.
        }
      },
    },
  })
}

/** The typed client server code passes around (its tables, functions and enums come from the migrations). */
export type ServerClient = Awaited<ReturnType<typeof createClient>>
