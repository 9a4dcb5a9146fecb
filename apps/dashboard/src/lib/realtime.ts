'use client'

import type { Database } from '@parley/supabase/database'
import { createBrowserClient } from '@supabase/ssr'
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js'
import { useEffect, useRef, useState } from 'react'
import { supabaseAnonKey, supabaseUrl } from './env.ts'

/**
 * The browser's Supabase client, signed in through the session cookies the server set. Used for realtime
 * subscriptions and their catch-up reads; writes go through server actions.
 */
export function browserClient(): SupabaseClient<Database> {
  // @supabase/ssr keeps one instance per page in the browser.
  return createBrowserClient<Database>(supabaseUrl, supabaseAnonKey)
}

export type LiveStatus = 'connecting' | 'live' | 'reconnecting'

/** Channels still leaving, by topic: a remount joins the same topic only once its previous channel has left. */
const leaving = new Map<string, Promise<unknown>>()

/**
 * Subscribes a private realtime channel for as long as the component is mounted (or `topic` is the same),
 * and reports whether it is live. Topics are `store:<id>` and `session:<id>`: Realtime lets the signed-in
 * user join only where the policies on realtime.messages allow (members of the store), so nobody can listen
 * in or broadcast on a store's channels with the anon key alone. `bind` adds the listeners; `onLive` runs each time the channel (re)joins, so
 * the caller can refetch whatever changed before the join or while the connection was down.
 * The channel joins `topic` exactly, since broadcasts the database sends (realtime.send) reach that topic only;
 * so one component per page listens on a given topic.
 */
export function useLiveChannel(
  topic: string | null,
  bind: (channel: RealtimeChannel) => RealtimeChannel,
  onLive?: () => void,
): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting')
  const bindRef = useRef(bind)
  const onLiveRef = useRef(onLive)
  bindRef.current = bind
  onLiveRef.current = onLive

  useEffect(() => {
    if (!topic) return
    const supabase = browserClient()
    let channel: RealtimeChannel | undefined
    let cancelled = false
    setStatus('connecting')
    void (async () => {
      // Join with the user's token, not the anon key: realtime applies RLS per subscriber, and a channel
      // created before the client has read its session from the cookies would silently get no rows.
      const { data } = await supabase.auth.getSession()
      if (cancelled) return
      if (data.session) await supabase.realtime.setAuth(data.session.access_token)
      // React may mount twice: supabase-js hands back a channel of the same topic until it has left.
      await leaving.get(topic)
      if (cancelled) return
      channel = bindRef.current(supabase.channel(topic, { config: { private: true } }))
      channel.subscribe((state) => {
        if (state === 'SUBSCRIBED') {
          setStatus('live')
          // Rows that changed before this join (since the server's read, or during an outage) arrive no
          // other way: read them once now.
          onLiveRef.current?.()
        } else if (state === 'CHANNEL_ERROR' || state === 'TIMED_OUT' || state === 'CLOSED') {
          setStatus('reconnecting')
        }
      })
    })()
    // Leaving the network: show it at once instead of waiting for a heartbeat to fail.
    const offline = () => setStatus('reconnecting')
    // Back online with the socket still up (a short blip): the channel never left, so it is live again.
    const online = () => {
      if (channel?.state === 'joined') setStatus('live')
    }
    window.addEventListener('offline', offline)
    window.addEventListener('online', online)
    return () => {
      cancelled = true
      window.removeEventListener('offline', offline)
      window.removeEventListener('online', online)
      if (channel) {
        const left = supabase.removeChannel(channel).finally(() => {
          if (leaving.get(topic) === left) leaving.delete(topic)
        })
        leaving.set(topic, left)
      }
    }
  }, [topic])

  return status
}
