// The chat's shared limits, counted in Postgres (private.chat_rate_limits) inside the transaction that stores
// the request, so every worker sees the same counts. Per deployment: CHAT_LIMIT_<NAME> in the functions'
// environment (supabase/functions/.env, or `supabase secrets set`). The README of this function lists them.
const defaults = {
  /** Lines one visitor may send per minute. */
  visitor_messages_per_minute: 30,
  /** New conversations one visitor may start per hour. */
  visitor_sessions_per_hour: 20,
  /** Updates to an existing conversation (resuming it, attributes, identity) per visitor and hour. */
  visitor_session_updates_per_hour: 120,
  /** Lines all visitors of one chatbot may send per minute: what a store's model key pays for at most. */
  chatbot_messages_per_minute: 600,
  /** First conversations of fresh visitors (new anonymous sign-ins) from one address per hour. */
  ip_fresh_sessions_per_hour: 60,
}

export type ChatLimits = typeof defaults

function fromEnv(): ChatLimits {
  const limits = { ...defaults }
  for (const name of Object.keys(defaults) as (keyof ChatLimits)[]) {
    const value = Number(Deno.env.get(`CHAT_LIMIT_${name.toUpperCase()}`))
    if (Number.isInteger(value) && value > 0) limits[name] = value
  }
  return limits
}

export const chatLimits: ChatLimits = fromEnv()
