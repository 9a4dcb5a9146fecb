import 'vitest'

/** Values the global setup hands to the journeys (`inject('baseUrl')`). */
declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    /** The Supabase API the dashboard talks to, for journeys that act as a visitor or set up data. */
    supabase: { url: string; anonKey: string; serviceRoleKey: string }
    /** The fake Chatwoot behind that API, for journeys that make it fail (`/__fake/down`, `/__fake/up`). */
    chatwoot: { url: string }
    /** The fake Slack (packages/app-fakes): what it received is at /__fake/state. */
    slack: { url: string }
    /** The fake Stripe (its /__fake/ controls), for billing journeys. */
    stripe: { url: string }
    /** The fake Cal.com (packages/app-fakes): its key, booking pages and /__fake/state. */
    calcom: { url: string; apiKey: string }
    /** The local SMTP server's inbox (packages/smtp-inbox): what it received is at /api/messages. */
    inbox: { url: string }
  }
}
