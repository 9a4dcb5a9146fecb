// Typing indicators to the widget, through Realtime's REST broadcast (what Supabase documents for servers)
// on the session's private topic: only the service role sends there, and only the session's visitor and its
// store's team may read it (the realtime_topics migration). Best effort: a missing or slow realtime never
// fails or delays a request by more than a moment; typing is a hint, the messages arrive through
// postgres_changes.
export async function broadcastTyping(
  sessionId: string,
  sender: 'bot' | 'agent',
  typing: boolean,
): Promise<void> {
  const url = Deno.env.get('SUPABASE_URL')
  const key = Deno.env.get('SUPABASE_SERVICE_ROLE_KEY')
  if (!url || !key) return
  try {
    const response = await fetch(`${url}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: { apikey: key, authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        messages: [
          { topic: `session:${sessionId}`, event: 'typing', payload: { sender, typing }, private: true },
        ],
      }),
      signal: AbortSignal.timeout(1500),
    })
    await response.body?.cancel()
  } catch {
    // realtime unavailable
  }
}
