// Typing indicators through Realtime's REST broadcast (what Supabase documents for servers). Best
// effort: a missing or slow realtime never fails or delays a chat request by more than a moment.
export async function broadcastTyping(sessionId: string, typing: boolean): Promise<void> {
  const url = Deno.env.get('SUPABASE_URL')
  const key = Deno.env.get('SUPABASE_SERVICE_ROLE_KEY')
  if (!url || !key) return
  try {
    const response = await fetch(`${url}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: { apikey: key, authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        messages: [
          {
            topic: `session:${sessionId}`,
            event: 'typing',
            payload: { sender: 'bot', typing },
            private: false,
          },
        ],
      }),
      signal: AbortSignal.timeout(1500),
    })
    await response.body?.cancel()
  } catch {
    // realtime unavailable: the reply still arrives through postgres_changes
  }
}
