// Chatwoot accounts for stores, driven by the outbox (service role only): provision, suspend/unsuspend
// and delete a store's account; agent seats are handled in agents.ts. Every job is idempotent.
import type { SupabaseClient } from '@supabase/supabase-js'
import type { PlatformClient } from '../_shared/chatwoot/index.ts'
import { platformClient } from '../_shared/chatwoot-connection.ts'
import { errorResponse, isServiceRole, json } from '../_shared/http.ts'
import { serviceClient } from '../_shared/supabase.ts'
import { type AgentJob, handleAgentJob } from './agents.ts'
import { classify, failureResponse, type Job, Refused } from './job.ts'
import {
  ADMIN_EMAIL_DOMAIN,
  findAccountId,
  provisionAccount,
  readAccount,
  writeAccount,
} from './provision.ts'

const MAX_ATTEMPTS = 8

async function suspendAccount(db: SupabaseClient, platform: PlatformClient, job: Job) {
  const storeId = (job.payload.store_id as string | undefined) ?? job.store_id
  if (!storeId) throw new Refused('the job has no store_id')
  const { data: store } = await db.from('stores').select('status').eq('id', storeId).maybeSingle()
  // The store's current status wins over the payload: jobs may run late or twice.
  const suspended = store ? store.status === 'suspended' : job.payload.suspended !== false
  const row = await readAccount(db, storeId)
  const accountId = row?.account_id ?? (await findAccountId(platform, storeId))
  if (!accountId) return { skipped: 'no Chatwoot account yet' }
  await platform.accounts.update(accountId, { status: suspended ? 'suspended' : 'active' })
  if (row && (row.status === 'active' || row.status === 'suspended')) {
    await writeAccount(db, storeId, { status: suspended ? 'suspended' : 'active' })
  }
  return { account_id: accountId, suspended }
}

async function deleteAccount(platform: PlatformClient, job: Job) {
  const storeId = job.payload.store_id as string | undefined
  if (!storeId) throw new Refused('the job has no store_id')
  const accountId = await findAccountId(platform, storeId)
  if (!accountId) return { deleted: false }
  // The store's own administrator user goes too (agents may serve other stores: they stay).
  const members = await platform.accountUsers.list(accountId)
  await platform.accounts.delete(accountId)
  for (const m of members) {
    const user = await platform.users.get(m.user_id).catch(() => null)
    if (user?.email === `store-${storeId}@${ADMIN_EMAIL_DOMAIN}`) await platform.users.delete(user.id)
  }
  return { deleted: true, account_id: accountId }
}

async function handle(db: SupabaseClient, job: Job): Promise<Response> {
  if (job.topic === 'chatwoot.sync_agent' || job.topic === 'chatwoot.remove_agent') {
    return await handleAgentJob(job as AgentJob, { db, platform: platformClient(db) })
  }
  const platform = platformClient(db)
  if (job.topic === 'chatwoot.provision_account') {
    const storeId = (job.payload.store_id as string | undefined) ?? job.store_id
    try {
      const row = await provisionAccount(db, platform, job)
      return json({ ok: true, status: row.status, account_id: row.account_id })
    } catch (error) {
      const failure = classify(error)
      const dead = !failure.retryable || job.attempts >= MAX_ATTEMPTS
      if (storeId) {
        await writeAccount(db, storeId, {
          status: dead ? 'failed' : 'provisioning',
          last_error: failure.message.slice(0, 1000),
        }).catch(() => undefined)
      }
      if (!(error instanceof Error && error.name.startsWith('Chatwoot'))) console.error('[provision]', error)
      return failureResponse(failure)
    }
  }
  try {
    if (job.topic === 'chatwoot.suspend_account')
      return json({ ok: true, ...(await suspendAccount(db, platform, job)) })
    if (job.topic === 'chatwoot.delete_account')
      return json({ ok: true, ...(await deleteAccount(platform, job)) })
  } catch (error) {
    return failureResponse(classify(error))
  }
  return json({ error: `unknown topic ${job.topic}`, retry: false }, 422)
}

Deno.serve(async (req) => {
  if (!isServiceRole(req)) return errorResponse(403, 'forbidden', 'Only the outbox calls this function')
  if (req.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'Use POST')
  let job: Job
  try {
    job = ((await req.json()) as { job: Job }).job
    if (!job?.topic) throw new Error('no job')
  } catch {
    return json({ error: 'expected { job: { id, store_id, topic, payload, attempts } }', retry: false }, 422)
  }
  job.payload ??= {}
  try {
    return await handle(serviceClient(), job)
  } catch (error) {
    // Configuration missing (CHATWOOT_URL...) or the database: retried by the outbox.
    console.error(`[chatwoot-account-manager] ${job.topic}:`, error)
    return failureResponse(classify(error))
  }
})
