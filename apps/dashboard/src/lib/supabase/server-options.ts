import WebSocket from 'ws'

/**
 * Options every server-side client needs: supabase-js 2.119 refuses to start on Node < 22 without a
 * WebSocket implementation for realtime, even when realtime is never used.
 */
export const serverClientOptions = {
  realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
} as const
