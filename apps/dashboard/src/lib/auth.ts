import 'server-only'
import { redirect } from 'next/navigation'
import { cache } from 'react'
import { createClient } from './supabase/server.ts'

/** The signed-in user, asked of the auth server once per request (the proxy already refreshed cookies). */
export const getCurrentUser = cache(async () => {
  const supabase = await createClient()
  const { data } = await supabase.auth.getUser()
  return data.user
})

/** The signed-in user, or a redirect to the login page that comes back to `returnPath` afterwards. */
export async function requireUser(returnPath: string) {
  const user = await getCurrentUser()
  if (!user) redirect(`/login?next=${encodeURIComponent(returnPath)}`)
  return user
}
