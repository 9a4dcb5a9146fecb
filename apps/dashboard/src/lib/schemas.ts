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
