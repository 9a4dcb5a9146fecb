import { z } from 'zod'
import { inviteRoles } from './roles.ts'

const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'Enter a valid email address.' }))

export const signInSchema = z.object({
  email,
  password: z.string().min(1, { error: 'Enter your password.' }),
  next: z.string().optional(),
})

export const signUpSchema = z.object({
  fullName: z
    .string()
    .trim()
    .min(1, { error: 'Enter your name.' })
    .max(120, { error: 'Keep your name under 120 characters.' }),
  email,
  password: z
    .string()
    .min(8, { error: 'Use at least 8 characters.' })
    .max(72, { error: 'Use at most 72 characters.' }),
  next: z.string().optional(),
})

export const createStoreSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: 'Give your store a name.' })
    .max(80, { error: 'Store names are at most 80 characters.' }),
})

const uuid = z.uuid({ error: 'That id is not valid.' })

export const inviteSchema = z.object({
  storeId: uuid,
  email,
  role: z.enum(inviteRoles, { error: 'Choose a role.' }),
})

export const revokeInvitationSchema = z.object({ storeId: uuid, invitationId: uuid })

export const removeMemberSchema = z.object({ storeId: uuid, userId: uuid })

export const acceptInvitationSchema = z.object({
  token: z.string().trim().min(1, { error: 'The invitation link is incomplete.' }).max(200),
})

// ---------------------------------------------------------------------------------------------
// Handoff settings: what the widget tells a visitor waiting for a person (apps/widget/src/handoff-notice.ts).

/** Said after "We usually reply …" in the widget. */
export const replyTimes = ['in a few minutes', 'in a few hours', 'in a day'] as const

export const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const
export type Weekday = (typeof weekdays)[number]
/** A day's opening and closing time ("09:00"), or null when the store is closed that day. */
export type DayHours = { open: string; close: string } | null

// The widget prints each entry as "<day> <value>", so values are "09:00–17:00" (an en dash).
const hoursSeparator = '–'
const time = /^([01]\d|2[0-3]):[0-5]\d$/

/** The per-weekday hours from stores.business_hours (entries the editor cannot show are left out). */
export function parseBusinessHours(value: unknown): Record<Weekday, DayHours> {
  const source = value && typeof value === 'object' ? (value as Record<string, unknown>) : {}
  const entries = weekdays.map((day) => {
    const [open, close] = String(source[day] ?? '').split(/\s*[–-]\s*/)
    return [day, open && close && time.test(open) && time.test(close) ? { open, close } : null]
  })
  return Object.fromEntries(entries) as Record<Weekday, DayHours>
}

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, { error: message })
    .transform((v) => v || null)

const hourFields = Object.fromEntries(
  weekdays.flatMap((day) => [
    [`${day}-open`, z.string().trim().optional()],
    [`${day}-close`, z.string().trim().optional()],
  ]),
) as Record<`${Weekday}-${'open' | 'close'}`, z.ZodOptional<z.ZodString>>

export const handoffSettingsSchema = z
  .object({
    storeId: uuid,
    replyTime: z.union([z.enum(replyTimes), z.literal('')], { error: 'Choose a reply time.' }),
    fallbackPhone: optionalText(40, 'Phone numbers are at most 40 characters.').refine(
      (v) => v === null || (/^\+?[\d\s()./-]+$/.test(v) && v.replace(/\D/g, '').length >= 5),
      { error: 'Enter a phone number with digits, for example +43 512 123456.' },
    ),
    fallbackEmail: optionalText(320, 'Email addresses are at most 320 characters.').pipe(
      z.email({ error: 'Enter a valid email address.' }).toLowerCase().nullable(),
    ),
    offlineMessage: optionalText(500, 'The offline message is at most 500 characters.'),
    ...hourFields,
  })
  .superRefine((data, ctx) => {
    for (const day of weekdays) {
      const open = data[`${day}-open`] ?? ''
      const close = data[`${day}-close`] ?? ''
      if (!open && !close) continue
      if (!time.test(open) || !time.test(close)) {
        ctx.addIssue({
          code: 'custom',
          path: [`${day}-open`],
          message: `Give ${day} both an opening and a closing time, or neither.`,
        })
      } else if (close <= open) {
        ctx.addIssue({ code: 'custom', path: [`${day}-open`], message: `${day} must close after it opens.` })
      }
    }
  })
  .transform((data) => ({
    storeId: data.storeId,
    reply_time: data.replyTime || null,
    fallback_phone: data.fallbackPhone,
    fallback_email: data.fallbackEmail,
    offline_message: data.offlineMessage,
    business_hours: Object.fromEntries(
      weekdays
        .filter((day) => data[`${day}-open`] && data[`${day}-close`])
        .map((day) => [day, `${data[`${day}-open`]}${hoursSeparator}${data[`${day}-close`]}`]),
    ),
  }))
