// Cal.com's booking webhook, as the calcom-webhook function reads it: `X-Cal-Signature-256` is the hex
// HMAC-SHA256 of the raw body keyed with the webhook's secret (some senders prefix `sha256=`). Nothing in
// it is timed, so a replay is caught by its dedupe key (trigger, booking uid, createdAt) and an old
// delivery by its createdAt.
import { z } from 'zod'
import { hmacSha256Hex } from '../../hmac.ts'
import { BOOKING_TRIGGERS } from './app.ts'

export const SIGNATURE_HEADER = 'x-cal-signature-256'

/** Cal.com's signature of a raw body. */
export const signBody = (secret: string, rawBody: string): Promise<string> => hmacSha256Hex(secret, rawBody)

/** Compares in time independent of where the strings differ. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

export async function validSignature(secret: string, rawBody: string, header: string | null) {
  if (!header) return false
  const given = header
    .trim()
    .replace(/^sha256=/, '')
    .toLowerCase()
  return sameText(given, await signBody(secret, rawBody))
}

const person = z.object({ name: z.string().max(300).nullish(), email: z.string().max(320).nullish() })

/** The fields Parley reads; everything else is kept in the stored payload as it came. */
export const CalDelivery = z.object({
  triggerEvent: z.string().max(60),
  createdAt: z.iso.datetime({ offset: true }),
  payload: z.object({
    uid: z.string().min(1).max(200),
    title: z.string().max(500).nullish(),
    startTime: z.string().max(40).nullish(),
    endTime: z.string().max(40).nullish(),
    status: z.string().max(40).nullish(),
    eventTypeId: z.number().nullish(),
    rescheduleUid: z.string().max(200).nullish(),
    cancellationReason: z.string().max(2000).nullish(),
    attendees: z.array(person.extend({ timeZone: z.string().max(100).nullish() })).nullish(),
    metadata: z.record(z.string(), z.unknown()).nullish(),
  }),
})
export type CalDelivery = z.infer<typeof CalDelivery>

export const handledTrigger = (trigger: string): trigger is keyof typeof BOOKING_TRIGGERS =>
  trigger in BOOKING_TRIGGERS
