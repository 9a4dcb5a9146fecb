export const roles = ['owner', 'admin', 'agent'] as const
export type Role = (typeof roles)[number]

/** Roles someone can be invited with: ownership is never handed out by invitation. */
export const inviteRoles = ['agent', 'admin'] as const
export type InviteRole = (typeof inviteRoles)[number]

/** Owners and admins manage members and invitations; agents get a read-only view. */
export const canManageMembers = (role: Role | undefined) => role === 'owner' || role === 'admin'

export const roleLabel: Record<Role, string> = { owner: 'Owner', admin: 'Admin', agent: 'Agent' }
