// Agent seats in Chatwoot (outbox topics chatwoot.sync_agent / chatwoot.remove_agent), and the Parley
// Dashboard App registration provisioning calls. One Parley user is ONE Chatwoot user (private.chatwoot_users,
// reached through service-only RPCs) added to each of their stores' accounts with the role their
// membership has now: jobs re-read the membership, so a stale or repeated job converges instead of undoing.
import type { SupabaseClient } from '@supabase/supabase-js'
import {
  type AccountClient,
  type AccountRole,
  ChatwootError,
  ChatwootHttpError,
  CircuitOpenError,
  type DashboardApp,
  type PlatformClient,
} from '../_shared/chatwoot/index.ts'
import { encryptSecret } from '../_shared/secrets.ts'

export interface AgentJob {
  id?: number
  store_id: string | null
  topic: string
  payload: { store_id?: string; user_id?: string; email?: string | null; name?: string | null; role?: string }
  attempts?: number
}

export interface AgentJobContext {
  /** Service-role client. */
  db: SupabaseClient
  /** The installation's Platform API client (breaker included). */
  platform: PlatformClient
}

/** The outbox reads this: 2xx done, 422 `{ retry: false }` dead, otherwise retried (retry_after_seconds). */
function answer(status: number, body: Record<string, unknown>): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

class Retry extends Error {
  constructor(
    message: string,
    readonly afterSeconds = 15,
  ) {
    super(message)
  }
}
class Fatal extends Error {}

export function chatwootRole(role: string): AccountRole {
  return role === 'agent' ? 'agent' : 'administrator'
}

/** Chatwoot's rule: an uppercase, a lowercase, a digit and a special character. Nobody types it: SSO/tokens. */
function randomPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18))
  return `Pa1!${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}

async function must<T>(
  p: PromiseLike<{ data: T; error: { message: string } | null }>,
  what: string,
): Promise<T> {
  const { data, error } = await p
  if (error) throw new Retry(`${what}: ${error.message}`, 5)
  return data
}

async function accountOf(ctx: AgentJobContext, storeId: string) {
  const rows = await must(
    ctx.db.from('chatwoot_accounts').select('account_id, status').eq('store_id', storeId).limit(1),
    'reading the Chatwoot account',
  )
  return (rows as { account_id: number | null; status: string }[])[0]
}

async function membershipOf(ctx: AgentJobContext, storeId: string, userId: string) {
  const rows = await must(
    ctx.db.from('memberships').select('role').eq('store_id', storeId).eq('user_id', userId).limit(1),
    'reading the membership',
  )
  return (rows as { role: string }[])[0]
}

async function personOf(ctx: AgentJobContext, userId: string) {
  const rows = await must(
    ctx.db.from('profiles').select('email, full_name').eq('id', userId).limit(1),
    'reading the profile',
  )
  return (rows as { email: string | null; full_name: string | null }[])[0]
}

async function mappedUser(ctx: AgentJobContext, userId: string): Promise<number | undefined> {
  const rows = await must(ctx.db.rpc('chatwoot_user_get', { p_user_id: userId }), 'reading the Chatwoot user')
  return (rows as { chatwoot_user_id: number }[] | null)?.[0]?.chatwoot_user_id
}

async function setAgent(
  ctx: AgentJobContext,
  storeId: string,
  userId: string,
  fields: Record<string, unknown>,
) {
  await must(
    ctx.db.from('chatwoot_agents').update(fields).eq('store_id', storeId).eq('user_id', userId),
    'saving the agent state',
  )
}

/** Creates (or, for a known e-mail, finds) the person's Chatwoot user and remembers it once per person. */
async function ensureUser(
  ctx: AgentJobContext,
  userId: string,
  email: string,
  name: string,
): Promise<number> {
  const user = await ctx.platform.users.create({ name, email, password: randomPassword() })
  const token = user.access_token ? await encryptSecret(user.access_token) : null
  await must(
    ctx.db.rpc('chatwoot_user_save', {
      p_user_id: userId,
      p_chatwoot_user_id: user.id,
      p_access_token: token,
    }),
    'saving the Chatwoot user',
  )
  return user.id
}

async function syncAgent(job: AgentJob, ctx: AgentJobContext, storeId: string, userId: string) {
  const member = await membershipOf(ctx, storeId, userId)
  // Removed since (a remove_agent job follows) or never an agent seat: nothing to do.
  if (!member) return { outcome: 'skipped', reason: 'not a member' }
  const account = await accountOf(ctx, storeId)
  if (!account) throw new Fatal('the store has no Chatwoot account row')
  if (account.status === 'deleted') return { outcome: 'skipped', reason: 'account deleted' }
  if (!account.account_id || (account.status !== 'active' && account.status !== 'suspended'))
    throw new Retry(`the Chatwoot account is not provisioned yet (${account.status})`, 5)

  const person = await personOf(ctx, userId)
  const email = person?.email ?? job.payload.email
  if (!email) throw new Fatal('the member has no e-mail address')
  const name = person?.full_name || job.payload.name || email.split('@')[0] || email
  const role = chatwootRole(member.role)

  let chatwootUserId = (await mappedUser(ctx, userId)) ?? (await ensureUser(ctx, userId, email, name))
  try {
    await ctx.platform.accountUsers.create(account.account_id, { user_id: chatwootUserId, role })
  } catch (error) {
    // The remembered user is gone from Chatwoot: find or create it again by e-mail, once.
    if (!(error instanceof ChatwootHttpError) || (error.status !== 404 && error.status !== 422)) throw error
    chatwootUserId = await ensureUser(ctx, userId, email, name)
    await ctx.platform.accountUsers.create(account.account_id, { user_id: chatwootUserId, role })
  }
  await setAgent(ctx, storeId, userId, {
    chatwoot_user_id: chatwootUserId,
    role: member.role,
    status: 'synced',
    last_error: null,
    synced_at: new Date().toISOString(),
  })
  return { outcome: 'synced', chatwoot_user_id: chatwootUserId, role }
}

async function removeAgent(ctx: AgentJobContext, storeId: string, userId: string) {
  // Re-added before this ran: the sync job that came with it keeps the seat.
  if (await membershipOf(ctx, storeId, userId)) return { outcome: 'skipped', reason: 'member again' }
  const account = await accountOf(ctx, storeId)
  const chatwootUserId = await mappedUser(ctx, userId)
  if (account?.account_id && chatwootUserId && account.status !== 'deleted') {
    try {
      // Only the seat in this account: the person's Chatwoot user keeps their other stores.
      await ctx.platform.accountUsers.delete(account.account_id, chatwootUserId)
    } catch (error) {
      if (!(error instanceof ChatwootHttpError) || error.status !== 404) throw error
    }
  }
  await must(
    ctx.db.from('chatwoot_agents').delete().eq('store_id', storeId).eq('user_id', userId),
    'forgetting the agent',
  )
  return { outcome: 'removed' }
}

/** Runs one chatwoot.sync_agent / chatwoot.remove_agent job and answers the outbox dispatcher. */
export async function handleAgentJob(job: AgentJob, ctx: AgentJobContext): Promise<Response> {
  const storeId = job.payload.store_id ?? job.store_id ?? undefined
  const userId = job.payload.user_id
  if (!storeId || !userId) return answer(422, { retry: false, error: 'the job needs store_id and user_id' })
  try {
    if (job.topic === 'chatwoot.sync_agent')
      return answer(200, { ok: true, ...(await syncAgent(job, ctx, storeId, userId)) })
    if (job.topic === 'chatwoot.remove_agent')
      return answer(200, { ok: true, ...(await removeAgent(ctx, storeId, userId)) })
    return answer(422, { retry: false, error: `unknown topic ${job.topic}` })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const retryable =
      error instanceof Retry ||
      (error instanceof ChatwootError &&
        'retryable' in error &&
        Boolean((error as { retryable: boolean }).retryable))
    const after =
      error instanceof Retry
        ? error.afterSeconds
        : error instanceof CircuitOpenError
          ? Math.max(1, Math.ceil((error.halfOpenAt - Date.now()) / 1000))
          : error instanceof ChatwootHttpError && error.retryAfterMs
            ? Math.ceil(error.retryAfterMs / 1000)
            : undefined
    // Best effort: the dashboard shows the state; a failure to record it must not hide the job's error.
    if (job.topic === 'chatwoot.sync_agent') {
      await ctx.db
        .from('chatwoot_agents')
        .update({ status: retryable ? 'pending' : 'failed', last_error: message.slice(0, 500) })
        .eq('store_id', storeId)
        .eq('user_id', userId)
        .then(
          () => undefined,
          () => undefined,
        )
    }
    if (retryable) return answer(503, { error: message, ...(after ? { retry_after_seconds: after } : {}) })
    return answer(422, { retry: false, error: message })
  }
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
