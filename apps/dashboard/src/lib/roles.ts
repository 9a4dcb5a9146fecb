import { Constants, type Enums } from '@parley/supabase/database'

export type Role = Enums<'member_role'>

/** Roles someone can be invited with: ownership is never handed out by invitation (the database refuses it). */
export type InviteRole = Exclude<Role, 'owner'>
export const inviteRoles = Constants.public.Enums.member_role.filter(
  (role): role is InviteRole => role !== 'owner',
)

/** Owners and admins manage members and invitations; agents get a read-only view. */
export const canManageMembers = (role: Role | undefined) => role === 'owner' || role === 'admin'

export const roleLabel: Record<Role, string> = { owner: 'Owner', admin: 'Admin', agent: 'Agent' }
