// Provisioning a store's Chatwoot account: the account, its administrator user, a website inbox, an
// API-channel inbox for handoffs, the account webhook and Parley's custom attribute definitions.
// Every step is recorded in chatwoot_accounts.provisioned_steps as soon as it succeeds, and every create
// is preceded by a lookup (account by custom_attributes.parley_store_id, user by email, inboxes by name,
// webhook by URL), so a retry after a crash anywhere never creates a second one.
import { z } from 'zod'
import {
  AccountClient,
  type AttributeDisplayType,
  type AttributeModel,
  type PlatformClient,
  type WEBHOOK_EVENTS,
} from '../chatwoot/index.ts'
import { chatwootUrl, functionsUrl, jobTransport } from '../chatwoot-connection.ts'
import type { Tables, TablesUpdate } from '../database.types.ts'
import { type Db, must } from '../db.ts'
import type { JobContext } from '../jobs/define.ts'
import { decryptSecret, encryptSecret } from '../secrets.ts'
import { registerDashboardApp } from './agents.ts'

export const WEBSITE_INBOX = 'Website'
export const API_INBOX = 'Parley handoff'
export const ADMIN_EMAIL_DOMAIN = 'stores.parley.dev'

export const SUBSCRIPTIONS = [
  'message_created',
  'conversation_status_changed',
  'conversation_updated',
  'contact_created',
  'contact_updated',
  'conversation_typing_on',
  'conversation_typing_off',
] as const satisfies readonly (typeof WEBHOOK_EVENTS)[number][]

export const ATTRIBUTES: { key: string; name: string; type: AttributeDisplayType; model: AttributeModel }[] =
  [
    { key: 'parley_lead_score', name: 'Lead score', type: 'number', model: 'contact_attribute' },
    { key: 'parley_sentiment', name: 'Sentiment', type: 'number', model: 'contact_attribute' },
    { key: 'parley_language', name: 'Language', type: 'text', model: 'contact_attribute' },
    { key: 'parley_session_id', name: 'Parley session', type: 'text', model: 'conversation_attribute' },
    { key: 'parley_lead_score', name: 'Lead score', type: 'number', model: 'conversation_attribute' },
  ]

export type AccountRow = Pick<
  Tables<'chatwoot_accounts'>,
  | 'store_id'
  | 'account_id'
  | 'inbox_id'
  | 'api_inbox_id'
  | 'webhook_id'
  | 'dashboard_app_id'
  | 'admin_user_id'
  | 'admin_access_token'
  | 'status'
  | 'provisioned_steps'
>

const COLUMNS =
  'store_id, account_id, inbox_id, api_inbox_id, webhook_id, dashboard_app_id, admin_user_id, admin_access_token, status, provisioned_steps'

/** chatwoot_accounts.provisioned_steps: the steps done so far, each `step: true`. */
const Steps = z.record(z.string(), z.boolean())

export async function readAccount(db: Db, storeId: string): Promise<AccountRow | null> {
  return must(
    await db.from('chatwoot_accounts').select(COLUMNS).eq('store_id', storeId).maybeSingle(),
    'reading chatwoot_accounts',
  )
}

export async function writeAccount(db: Db, storeId: string, values: TablesUpdate<'chatwoot_accounts'>) {
  must(
    await db.from('chatwoot_accounts').update(values).eq('store_id', storeId),
    'updating chatwoot_accounts',
  )
}

/** The account this platform app made for the store, if any (what makes retries safe). */
export async function findAccountId(platform: PlatformClient, storeId: string): Promise<number | null> {
  const accounts = await platform.accounts.list()
  const mine = accounts.find((a) => a.custom_attributes?.parley_store_id === storeId)
  return mine?.id ?? null
}

function strongPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24))
  // Chatwoot wants upper, lower, digit and a special character.
  return `Pa1!${btoa(String.fromCharCode(...bytes)).replace(/[^A-Za-z0-9]/g, 'x')}`
}

/** Test hook (PARLEY_TEST_CRASH_AFTER="<store>:<step>:<attempt>,..."): die after Chatwoot did a step, before we record it. */
function maybeCrash(ctx: JobContext, storeId: string, step: string) {
  const spec = Deno.env.get('PARLEY_TEST_CRASH_AFTER')
  if (spec?.split(',').includes(`${storeId}:${step}:${ctx.job.attempt}`)) {
    throw new Error(`test crash after ${step} (attempt ${ctx.job.attempt})`)
  }
}

export async function provisionAccount(
  ctx: JobContext,
  platform: PlatformClient,
  payload: { store_id: string; name?: string; slug?: string },
): Promise<Pick<AccountRow, 'status'> & Partial<Pick<AccountRow, 'account_id'>>> {
  const { db } = ctx
  const storeId = payload.store_id
  const found = await readAccount(db, storeId)
  // The store is gone (deleted before we got here): its deletion job cleans up whatever exists.
  if (!found) return { status: 'deleted' }
  let row: AccountRow = found
  const steps = Steps.parse(row.provisioned_steps)
  if (row.status === 'active' && steps.done) return row
  const { data: store } = await db.from('stores').select('name, slug').eq('id', storeId).maybeSingle()
  const name = store?.name ?? payload.name ?? `Store ${storeId}`
  if (row.status !== 'provisioning') await writeAccount(db, storeId, { status: 'provisioning' })

  const record = async (step: string, values: TablesUpdate<'chatwoot_accounts'>) => {
    maybeCrash(ctx, storeId, step)
    steps[step] = true
    await writeAccount(db, storeId, { ...values, provisioned_steps: steps })
    row = { ...row, ...values, provisioned_steps: { ...steps } }
  }

  // 1. the account
  let accountId = row.account_id
  if (!accountId) {
    accountId =
      (await findAccountId(platform, storeId)) ??
      (await platform.accounts.create({ name, custom_attributes: { parley_store_id: storeId } })).id
    await record('account', { account_id: accountId })
  }

  // 2. its administrator user (an existing email returns the existing user) and membership
  let userId = row.admin_user_id
  let token = row.admin_access_token ? await decryptSecret(row.admin_access_token) : undefined
  if (!userId || !token) {
    const user = await platform.users.create({
      name: `${name} (Parley)`,
      email: `store-${storeId}@${ADMIN_EMAIL_DOMAIN}`,
      password: strongPassword(),
    })
    userId = user.id
    token = user.access_token ?? (await platform.users.token(user.id)).access_token
    await record('user', { admin_user_id: userId, admin_access_token: await encryptSecret(token) })
  }
  if (!steps.account_user) {
    await platform.accountUsers.create(accountId, { user_id: userId, role: 'administrator' })
    await record('account_user', {})
  }

  const app = new AccountClient({
    baseUrl: chatwootUrl(),
    accountId,
    userToken: token,
    ...jobTransport(ctx.breaker),
  })
  const inboxes = () => app.inboxes.list()

  // 3. the website inbox (the widget's website_token; hmac_token verifies identities)
  if (!row.inbox_id) {
    const inbox =
      (await inboxes()).find((i) => i.name === WEBSITE_INBOX && i.channel_type === 'Channel::WebWidget') ??
      (await app.inboxes.createWebWidget({
        name: WEBSITE_INBOX,
        channel: { website_url: store?.slug ? `https://${store.slug}.example` : 'https://example.com' },
      }))
    await record('website_inbox', {
      inbox_id: inbox.id,
      website_token: inbox.website_token ?? null,
      hmac_token: inbox.hmac_token ? await encryptSecret(inbox.hmac_token) : null,
    })
  }

  // 4. the API-channel inbox handed-off conversations live in (a website inbox refuses incoming messages)
  if (!row.api_inbox_id) {
    const inbox =
      (await inboxes()).find((i) => i.name === API_INBOX && i.channel_type === 'Channel::Api') ??
      (await app.inboxes.createApi({ name: API_INBOX, channel: {} }))
    await record('api_inbox', {
      api_inbox_id: inbox.id,
      api_inbox_identifier: inbox.inbox_identifier ?? null,
      api_inbox_secret: inbox.secret ? await encryptSecret(inbox.secret) : null,
    })
  }

  // 5. the account webhook (its secret signs deliveries to chatwoot-webhook-handler)
  if (!row.webhook_id) {
    const url = `${functionsUrl()}/chatwoot-webhook-handler?store=${storeId}`
    const hook =
      (await app.webhooks.list()).find((w) => w.url === url) ??
      (await app.webhooks.create({ url, subscriptions: [...SUBSCRIPTIONS] }))
    if (!hook.secret) throw new Error('Chatwoot returned the webhook without its secret')
    await record('webhook', { webhook_id: hook.id, webhook_secret: await encryptSecret(hook.secret) })
  }

  // 6. custom attribute definitions
  if (!steps.attributes) {
    for (const model of ['contact_attribute', 'conversation_attribute'] as const) {
      const existing = new Set((await app.customAttributeDefinitions.list(model)).map((d) => d.attribute_key))
      for (const a of ATTRIBUTES.filter((x) => x.model === model && !existing.has(x.key))) {
        await app.customAttributeDefinitions.create({
          attribute_key: a.key,
          attribute_display_name: a.name,
          attribute_display_type: a.type,
          attribute_model: model,
        })
      }
    }
    await record('attributes', {})
  }

  // 7. the agent context Dashboard App, when the dashboard's public URL is known
  const dashboardUrl = Deno.env.get('PARLEY_DASHBOARD_URL')
  if (dashboardUrl && !row.dashboard_app_id) {
    const dashboardApp = await registerDashboardApp(app, dashboardUrl)
    await record('dashboard_app', { dashboard_app_id: dashboardApp.id })
  }

  await record('done', { status: 'active', last_error: null })
  return row
}
