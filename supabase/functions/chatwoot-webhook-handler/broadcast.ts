// An agent's typing in Chatwoot, to the widget: Realtime's REST broadcast on the session's topic (the
// same topic and event the chat function uses for the bot), best effort.
export async function broadcastAgentTyping(sessionId: string, typing: boolean): Promise<void> {
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
            payload: { sender: 'agent', typing },
            private: false,
          },
        ],
      }),
      signal: AbortSignal.timeout(1500),
    })
    await response.body?.cancel()
  } catch {
    // realtime unavailable: typing is a hint, the messages still arrive
  }
}
