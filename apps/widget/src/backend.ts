import type { Database } from '@parley/supabase/database'
import { PostgrestClient } from '@supabase/postgrest-js'
import { RealtimeClient } from '@supabase/realtime-js'
import { VisitorAuth } from './auth.ts'
import { ChatApi } from './chat-api.ts'

/**
 * The frame's connections to Supabase, the parts of supabase-js the widget uses and nothing more: the
 * visitor's sign-in, PostgREST for reads (row level security shows the visitor only their own sessions),
 * Realtime for live updates and the chat function for writes. Each request carries the visitor's token.
 */
export type Backend = {
  auth: VisitorAuth
  db: PostgrestClient<Database>
  realtime: RealtimeClient
  api: ChatApi
  /** widget_config and nothing else: public, so it is read with the anon key before anyone signs in */
  publicDb: PostgrestClient<Database>
  /** The visitor's session (stored or new), handed to Realtime before any channel joins. */
  signIn: () => Promise<void>
}

export function createBackend(url: string, anonKey: string, storage: Storage | null): Backend {
  const auth = new VisitorAuth(url, anonKey, storage)
  const withToken: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers)
    headers.set('Authorization', `Bearer ${await auth.token()}`)
    return fetch(input, { ...init, headers })
  }
  const realtime = new RealtimeClient(`${url.replace(/^http/, 'ws')}/realtime/v1`, {
    params: { apikey: anonKey },
    // Asked on every heartbeat too, so a token another tab refreshed reaches the open channels.
    accessToken: () => auth.token(),
  })
  // The session's channel is private: Realtime re-checks who may read it with each token it is handed, and
  // closes the channel once the token it holds expires. Hand every new token over as soon as it exists.
  auth.onToken = (token) => void realtime.setAuth(token)
  return {
    auth,
    realtime,
    signIn: async () => {
      await auth.token()
      // A private channel joined without the visitor's token is refused (and its rows filtered by RLS).
      await realtime.setAuth()
    },
    db: new PostgrestClient<Database>(`${url}/rest/v1`, { headers: { apikey: anonKey }, fetch: withToken }),
    publicDb: new PostgrestClient<Database>(`${url}/rest/v1`, {
      headers: { apikey: anonKey, Authorization: `Bearer ${anonKey}` },
    }),
    api: new ChatApi(auth, url, anonKey),
  }
}
