import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import WebSocket from 'ws'

export type SupabaseTarget = { url: string; anonKey: string; serviceRoleKey: string }

/** devstack's (and `supabase start`'s) well-known local keys, for a stack started by `pnpm dev`. */
export function localSupabase(url = 'http://127.0.0.1:54321'): SupabaseTarget {
  return {
    url: url.replace(/\/$/, ''),
    anonKey:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0',
    serviceRoleKey:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU',
  }
}

/** A supabase-js client as a browser would hold it (no persisted session); Node 20 needs `ws` for realtime. */
export function supabaseClient(target: SupabaseTarget, key: 'anon' | 'service' = 'anon'): SupabaseClient {
  return createClient(target.url, key === 'anon' ? target.anonKey : target.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    // biome-ignore lint/suspicious/noExplicitAny: ws and the DOM WebSocket differ only in their event types
    realtime: { transport: WebSocket as any },
  })
}
