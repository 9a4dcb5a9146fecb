// Agent seats in Chatwoot (sync-agent / remove-agent jobs), and the Parley Dashboard App registration
// provisioning calls. One Parley user is ONE Chatwoot user (private.chatwoot_users, reached through
// service-only RPCs) added to each of their stores' accounts with the role their membership has now:
// jobs re-read the membership, so a stale or repeated job converges instead of undoing.
import {
  type AccountClient,
  type AccountRole,
  ChatwootHttpError,
  type DashboardApp,
  type PlatformClient,
} from '../chatwoot/index.ts'
import type { Enums } from '../database.types.ts'
import { type Db, must } from '../db.ts'
import { dead, done, type JobResult, waitFor } from '../jobs/define.ts'
import { encryptSecret } from '../secrets.ts'

export function chatwootRole(role: Enums<'member_role'>): AccountRole {
  return role === 'agent' ? 'agent' : 'administrator'
}

/** Chatwoot's rule: an uppercase, a lowercase, a digit and a special character. Nobody types it: SSO/tokens. */
function randomPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18))
  return `Pa1!${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}

async function accountOf(db: Db, storeId: string) {
  return must(
    await db.from('chatwoot_accounts').select('account_id, status').eq('store_id', storeId).maybeSingle(),
    'reading the Chatwoot account',
  )
}

async function membershipOf(db: Db, storeId: string, userId: string) {
  return must(
    await db.from('memberships').select('role').eq('store_id', storeId).eq('user_id', userId).maybeSingle(),
    'reading the membership',
  )
}

async function personOf(db: Db, userId: string) {
  return must(
    await db.from('profiles').select('email, full_name').eq('id', userId).maybeSingle(),
    'reading the profile',
  )
}

async function mappedUser(db: Db, userId: string): Promise<number | undefined> {
  const rows = must(await db.rpc('chatwoot_user_get', { p_user_id: userId }), 'reading the Chatwoot user')
  return rows[0]?.chatwoot_user_id
}

/** Creates (or, for a known e-mail, finds) the person's Chatwoot user and remembers it once per person. */
async function ensureUser(
  db: Db,
  platform: PlatformClient,
  userId: string,
  email: string,
  name: string,
): Promise<number> {
  const user = await platform.users.create({ name, email, password: randomPassword() })
  must(
    await db.rpc('chatwoot_user_save', {
      p_user_id: userId,
      p_chatwoot_user_id: user.id,
      // without one (a user found by e-mail), the token remembered before is kept
      ...(user.access_token ? { p_access_token: await encryptSecret(user.access_token) } : {}),
    }),
    'saving the Chatwoot user',
  )
  return user.id
}

export interface AgentPayload {
  store_id: string
  user_id: string
  email?: string | null
  name?: string | null
}

/** The member's seat in the store's account, with the role their membership has now. */
export async function syncAgent(db: Db, platform: PlatformClient, payload: AgentPayload): Promise<JobResult> {
  const { store_id: storeId, user_id: userId } = payload
  const member = await membershipOf(db, storeId, userId)
  // Removed since (a remove_agent job follows) or never an agent seat: nothing to do.
  if (!member) return done({ skipped: 'not a member' })
  const account = await accountOf(db, storeId)
  if (!account || account.status === 'deleted') return done({ skipped: 'the store has no Chatwoot account' })
  if (account.status === 'failed')
    return dead("The store's Chatwoot account could not be set up; retry setting it up first")
  if (!account.account_id || (account.status !== 'active' && account.status !== 'suspended'))
    return waitFor("The store's Chatwoot account is still being set up", 30)

  const person = await personOf(db, userId)
  const email = person?.email ?? payload.email
  if (!email) return dead('The member has no e-mail address for Chatwoot')
  const name = person?.full_name || payload.name || email.split('@')[0] || email
  const role = chatwootRole(member.role)

  let chatwootUserId = (await mappedUser(db, userId)) ?? (await ensureUser(db, platform, userId, email, name))
  try {
    await platform.accountUsers.create(account.account_id, { user_id: chatwootUserId, role })
  } catch (error) {
    // The remembered user is gone from Chatwoot: find or create it again by e-mail, once.
    if (!(error instanceof ChatwootHttpError) || (error.status !== 404 && error.status !== 422)) throw error
    chatwootUserId = await ensureUser(db, platform, userId, email, name)
    await platform.accountUsers.create(account.account_id, { user_id: chatwootUserId, role })
  }
  must(
    await db
      .from('chatwoot_agents')
      .update({
        chatwoot_user_id: chatwootUserId,
        role: member.role,
        status: 'synced',
        last_error: null,
        synced_at: new Date().toISOString(),
      })
      .eq('store_id', storeId)
      .eq('user_id', userId),
    'saving the agent state',
  )
  return done({ chatwoot_user_id: chatwootUserId, role })
}

/** Only the seat in this store's account: the person's Chatwoot user keeps their other stores. */
export async function removeAgent(db: Db, platform: PlatformClient, payload: AgentPayload) {
  const { store_id: storeId, user_id: userId } = payload
  // Re-added before this ran: the sync job that came with it keeps the seat.
  if (await membershipOf(db, storeId, userId)) return done({ skipped: 'a member again' })
  const account = await accountOf(db, storeId)
  const chatwootUserId = await mappedUser(db, userId)
  if (account?.account_id && chatwootUserId && account.status !== 'deleted') {
    try {
      await platform.accountUsers.delete(account.account_id, chatwootUserId)
    } catch (error) {
      if (!(error instanceof ChatwootHttpError) || error.status !== 404) throw error
    }
  }
  must(
    await db.from('chatwoot_agents').delete().eq('store_id', storeId).eq('user_id', userId),
    'forgetting the agent',
  )
  return done({ removed: true })
}

/**
 * Registers Parley's agent context page as a Chatwoot Dashboard App (a tab beside each conversation).
 * Idempotent: an app with the same URL is reused. Needs an administrator's AccountClient.
 */
export async function registerDashboardApp(
  account: AccountClient,
  dashboardUrl: string,
): Promise<DashboardApp> {
  const url = `${dashboardUrl.replace(/\/+$/, '')}/chatwoot-app`
  const existing = (await account.dashboardApps.list()).find((app) => app.content.some((c) => c.url === url))
  if (existing) return existing
  return await account.dashboardApps.create({ title: 'Parley', content: [{ type: 'frame', url }] })
}
