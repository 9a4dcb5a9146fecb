// Cal.com's API v2, the calls Parley makes: the store's event types (to pick the one offered in the chat)
// and registering the booking webhook. Every call names its date version in `cal-api-version`: without it
// Cal.com answers 404 or an older shape. A refused key means "connect again"; other refusals carry
// Cal.com's own message.
import type { CircuitBreaker } from '../../breaker.ts'
import { AppHttpError, AppReconnectError } from '../errors.ts'
import { detailOf, send } from '../transport.ts'

export const CAL_API_VERSION = { eventTypes: '2024-06-14', bookings: '2024-08-13' } as const

export interface CalEventType {
  id: number
  title: string
  slug: string
  lengthInMinutes: number
  hidden?: boolean
  users?: { username?: string | null }[]
}

export interface CalWebhook {
  id: number | string
  subscriberUrl: string
  triggers: string[]
  active: boolean
}

export class CalcomClient {
  constructor(
    private readonly options: {
      apiKey: string
      baseUrl: string
      breaker?: CircuitBreaker
      fetch?: typeof fetch
      timeoutMs?: number
    },
  ) {}

  private async call<T>(
    path: string,
    init: { version?: string; json?: unknown; method?: 'DELETE' },
  ): Promise<T> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.options.apiKey}` }
    if (init.version) headers['cal-api-version'] = init.version
    if (init.json !== undefined) headers['Content-Type'] = 'application/json'
    const response = await send(
      {
        app: 'Cal.com',
        baseUrl: this.options.baseUrl,
        breaker: this.options.breaker,
        fetch: this.options.fetch,
        timeoutMs: this.options.timeoutMs,
      },
      path,
      init.json === undefined
        ? { method: init.method ?? 'GET', headers }
        : { method: 'POST', headers, body: JSON.stringify(init.json) },
    )
    if (response.status === 401 || response.status === 403)
      throw new AppReconnectError('Cal.com', `the API key was refused (${await detailOf(response)})`)
    if (!response.ok) throw new AppHttpError('Cal.com', response.status, await detailOf(response))
    const body = (await response.json()) as { status?: string; data?: T }
    if (body.status !== 'success' || body.data === undefined)
      throw new AppHttpError('Cal.com', response.status, 'the answer was not a success envelope')
    return body.data
  }

  /** The key owner's event types (no `username`: Cal.com answers for the key's owner). */
  listEventTypes(): Promise<CalEventType[]> {
    return this.call('/v2/event-types', { version: CAL_API_VERSION.eventTypes })
  }

  /** Subscribes `subscriberUrl` to booking events, signed with `secret` (X-Cal-Signature-256). */
  createWebhook(input: { subscriberUrl: string; triggers: string[]; secret: string }): Promise<CalWebhook> {
    return this.call('/v2/webhooks', { json: { ...input, active: true } })
  }

  /** Deletes a webhook Parley registered; false when Cal.com no longer has it (already deleted). */
  async deleteWebhook(id: string): Promise<boolean> {
    try {
      await this.call(`/v2/webhooks/${encodeURIComponent(id)}`, { method: 'DELETE' })
      return true
    } catch (error) {
      if (error instanceof AppHttpError && error.status === 404) return false
      throw error
    }
  }
}

/**
 * A booking page link prefilled with the visitor's name and e-mail, carrying the conversation in
 * `metadata[...]`, which Cal.com hands back in the webhook's payload.metadata (never shown to the booker).
 */
export function bookingLink(
  page: string,
  prefill: { name?: string | null; email?: string | null; metadata: Record<string, string> },
): string {
  const url = new URL(page)
  if (prefill.name) url.searchParams.set('name', prefill.name)
  if (prefill.email) url.searchParams.set('email', prefill.email)
  for (const [key, value] of Object.entries(prefill.metadata)) url.searchParams.set(`metadata[${key}]`, value)
  return url.toString()
}

/** The public page of an event type: https://cal.com/<username>/<slug> (or the fake's, in dev). */
export function bookingPageOf(eventType: CalEventType, bookingOrigin: string, username?: string) {
  const owner = eventType.users?.find((u) => u.username)?.username ?? username
  if (!owner) return undefined
  return `${bookingOrigin.replace(/\/$/, '')}/${encodeURIComponent(owner)}/${encodeURIComponent(eventType.slug)}`
}
