// What a node sees when it runs: the event that started the run, the conversation, the contact, the
// store and what earlier steps produced. The worker loads these fresh for every step (facts.load.ts);
// dry runs rebuild them from stored history. Templates read the same names ({{contact.name}}).
import type { AutomationEvent } from './events.ts'

export interface SessionFacts {
  id: string
  status: 'bot' | 'queued' | 'human' | 'resolved'
  language: string | null
  sentiment: number | null
  lead_score: number | null
  tags: string[]
  attributes: Record<string, unknown>
  started_at: string
  /** The last time an agent wrote to the visitor (private notes do not count). */
  last_agent_reply_at: string | null
}

export interface MessageFacts {
  id: number
  text: string
  intent: string | null
  sentiment: number | null
  language: string | null
}

export interface ContactFacts {
  id: string
  name: string | null
  email: string | null
  phone: string | null
  attributes: Record<string, unknown>
}

export interface StoreFacts {
  id: string
  name: string
  time_zone: string
  /** stores.business_hours: { Mon: '09:00–17:00', ... } (a missing day is closed). */
  business_hours: Record<string, unknown>
  fallback_phone: string | null
  fallback_email: string | null
}

export interface Facts {
  event: AutomationEvent
  store: StoreFacts
  session: SessionFacts | null
  /** The visitor's latest message (the event's, for message events). */
  message: MessageFacts | null
  contact: ContactFacts | null
  /** Outputs of the run's finished steps by node id. */
  steps: Record<string, Record<string, unknown>>
  /** The run's clock (simulated in dry runs). */
  now: Date
}

/** The names templates and conditions read, as one plain object. */
export function variables(facts: Facts): Record<string, unknown> {
  return {
    store: facts.store,
    session: facts.session,
    message: facts.message,
    contact: facts.contact,
    event: { type: facts.event.type, ...(facts.event.payload as Record<string, unknown>) },
    steps: facts.steps,
  }
}

/** The variables a template may use, for the builder's picker. */
export const TEMPLATE_VARIABLES: readonly { name: string; description: string }[] = [
  { name: 'contact.name', description: "The visitor's name, when known" },
  { name: 'contact.email', description: "The visitor's e-mail, when known" },
  { name: 'contact.phone', description: "The visitor's phone number, when known" },
  { name: 'contact.attributes.<key>', description: 'A custom attribute of the contact' },
  { name: 'session.lead_score', description: 'The lead score (0–100)' },
  { name: 'session.sentiment', description: 'The running sentiment (-1 to 1)' },
  { name: 'session.language', description: "The conversation's language" },
  { name: 'session.attributes.<key>', description: 'An attribute of the conversation' },
  { name: 'message.text', description: "The visitor's latest message" },
  { name: 'message.intent', description: 'The intent of that message' },
  { name: 'store.name', description: "The store's name" },
  { name: 'store.fallback_phone', description: "The store's phone number for urgent questions" },
  { name: 'store.fallback_email', description: "The store's e-mail address" },
  { name: 'steps.<node id>.<field>', description: 'What an earlier step produced' },
]
