import type { MessageRow, Sender } from './rows.ts'

/** A file the visitor sent (an entry of `messages.attachments`); its bytes are reached by a signed URL. */
export type Attachment = { id: string; path: string; name: string; type: string }

/** A message as the widget shows it: a stored row, or one of the visitor's that is not stored yet. */
export type ChatMessage = {
  /** stable React key: the client id for the visitor's messages, else the row id */
  key: string
  id?: number
  client_id?: string | null
  sender: Sender
  content: string
  created_at: string
  /** only for the visitor's messages that are not stored yet */
  pending?: 'sending' | 'queued' | 'failed'
  error?: string
  attachments?: Attachment[]
  /** a file on its way (not in the text queue: retrying means choosing it again) */
  file?: boolean
  /** a meeting offered by an app (metadata.kind 'booking_offer'), drawn as a card with a link */
  booking?: BookingOffer
  /** the payment request this message shows as a card with a Pay button */
  paymentRequestId?: string
}

export type BookingOffer = { url: string; title: string | null }

/** A booking offer from a message's metadata; only http(s) links, so no script URL reaches an href. */
export function bookingOf(metadata: unknown): BookingOffer | undefined {
  if (!metadata || typeof metadata !== 'object') return undefined
  const m = metadata as Record<string, unknown>
  if (m.kind !== 'booking_offer' || typeof m.booking_url !== 'string') return undefined
  try {
    const url = new URL(m.booking_url)
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined
    return { url: url.toString(), title: typeof m.title === 'string' ? m.title : null }
  } catch {
    return undefined
  }
}

/** The request a message asks to pay (not the later lines that tell how it went). */
const paymentOf = (metadata: unknown): string | undefined => {
  const m = metadata as { payment_request_id?: unknown; payment_status?: unknown } | null
  return typeof m?.payment_request_id === 'string' && m.payment_status === undefined
    ? m.payment_request_id
    : undefined
}

const attachmentsOf = (value: unknown): Attachment[] =>
  Array.isArray(value)
    ? value.filter(
        (a): a is Attachment =>
          !!a && typeof a === 'object' && typeof a.path === 'string' && typeof a.name === 'string',
      )
    : []

export const fromRow = (row: MessageRow): ChatMessage => ({
  key: row.client_id ?? `row-${row.id}`,
  id: row.id,
  client_id: row.client_id ?? null,
  sender: row.sender,
  content: row.content,
  created_at: row.created_at,
  attachments: attachmentsOf(row.attachments),
  booking: bookingOf(row.metadata),
  paymentRequestId: paymentOf(row.metadata),
})

/**
 * Adds or replaces messages: a stored row replaces the pending message with the same client id (so a
 * message sent from the offline queue never shows twice) and a row seen twice (HTTP reply, then realtime)
 * is kept once. Stored rows come first in id order; pending ones follow in the order they were written.
 */
export function mergeMessages(current: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  const byKey = new Map<string, ChatMessage>()
  for (const m of current) byKey.set(m.key, m)
  for (const m of incoming) {
    const existing = byKey.get(m.key) ?? (m.id !== undefined ? current.find((c) => c.id === m.id) : undefined)
    // A stored row wins over a pending copy; a pending update never overwrites a stored row.
    if (existing && existing.id !== undefined && m.id === undefined) continue
    if (existing) byKey.delete(existing.key)
    byKey.set(m.key, m)
  }
  const all = [...byKey.values()]
  const stored = all.filter((m) => m.id !== undefined).sort((a, b) => (a.id as number) - (b.id as number))
  const pending = all
    .filter((m) => m.id === undefined)
    .sort((a, b) => a.created_at.localeCompare(b.created_at))
  return [...stored, ...pending]
}
