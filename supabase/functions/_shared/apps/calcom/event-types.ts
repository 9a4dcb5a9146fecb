// The event types the Integrations page offers to choose from, each with its public booking page: on
// cal.com for the real API, on the API's own origin for a self-hosted instance or the fake
// (CALCOM_BOOKING_URL overrides both).

import { env } from '../../env.ts'
import { appBaseUrl } from '../base-url.ts'
import type { AppDefinition } from '../define.ts'
import { bookingPageOf, CalcomClient } from './client.ts'

export interface OfferableEventType {
  id: number
  title: string
  length: number
  booking_url: string | null
}

export async function calcomEventTypes(app: AppDefinition, apiKey: string): Promise<OfferableEventType[]> {
  const base = appBaseUrl(app)
  const origin = env('CALCOM_BOOKING_URL') || (base === app.defaultBaseUrl ? 'https://cal.com' : base)
  const types = await new CalcomClient({ apiKey, baseUrl: base }).listEventTypes()
  return types
    .filter((t) => !t.hidden)
    .map((t) => ({
      id: t.id,
      title: t.title,
      length: t.lengthInMinutes,
      booking_url: bookingPageOf(t, origin) ?? null,
    }))
}
