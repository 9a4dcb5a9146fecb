import type { Tables } from '@parley/supabase/database'
import type { Role } from './roles.ts'

/** Rows as the dashboard reads them: the columns it selects, typed by the generated Database type. */
export type Store = Pick<Tables<'stores'>, 'id' | 'name' | 'slug' | 'status' | 'created_at'>

export type MyStore = { role: Role; store: Store }

export type Member = Pick<Tables<'memberships'>, 'user_id' | 'role' | 'created_at'> & {
  profile: Pick<Tables<'profiles'>, 'email' | 'full_name'> | null
}

export type StoreInvitation = Pick<
  Tables<'invitations'>,
  'id' | 'email' | 'role' | 'token' | 'created_at' | 'expires_at'
>

export type MyInvitation = Pick<
  Tables<'invitations'>,
  'id' | 'token' | 'role' | 'store_id' | 'expires_at'
> & {
  store_name: string | null
}
