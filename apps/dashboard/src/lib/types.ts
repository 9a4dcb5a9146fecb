import type { InviteRole, Role } from './roles.ts'

/** Rows as the dashboard reads them (see notes/schema-contract.md); only the columns we select. */
export type Store = {
  id: string
  name: string
  slug: string
  status: 'active' | 'suspended'
  created_at: string
}

export type MyStore = { role: Role; store: Store }

export type Member = {
  user_id: string
  role: Role
  created_at: string
  profile: { email: string | null; full_name: string | null } | null
}

export type StoreInvitation = {
  id: string
  email: string
  role: InviteRole
  token: string
  created_at: string
  expires_at: string
}

export type MyInvitation = {
  id: string
  token: string
  role: InviteRole
  store_id: string
  expires_at: string
  store_name: string | null
}
