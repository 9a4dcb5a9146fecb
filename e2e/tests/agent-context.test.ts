import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { launchBrowser } from '../src/browser.ts'
import { signIn } from '../src/dashboard.ts'

/**
 * The Chatwoot Dashboard App (/chatwoot-app) in an iframe on a stand-in for Chatwoot's dashboard (another
 * origin): the page asks its parent for context, the host answers with an appContext JSON string, and
 * nothing shows until the seeded agent signs in to Parley inside the frame. Then the context of the
 * conversation the seed handed to Chatwoot appears; a forged appContext naming another store's account shows
 * nothing. Everything Chatwoot-side is what the outbox's jobs made in the (fake) Chatwoot: the journey waits
 * for them, as a person would.
 */
const demoStore = 'de000000-0000-4000-8000-000000000010'
// Lena's conversation: queued in the seed, so the handoff job opens it in Chatwoot.
const handedOff = 'de000000-0000-4000-8000-000000000053'
const agent = {
  id: 'de000000-0000-4000-8000-000000000002',
  email: 'agent@parley.dev',
  password: 'parley-demo-2026',
}
/** Provisioning, handoff and seat jobs run on the scheduler's next call (on enqueue, and every 5 s). */
const jobTime = { timeout: 60_000, interval: 250 }

/** Chatwoot's side of the handshake: on fetch-info, post the conversation (from the URL hash) as a string. */
const hostPage = (appUrl: string) => `<!doctype html>
<html><head><title>Chatwoot stand-in</title></head><body>
<iframe id="app" src="${appUrl}" style="width: 480px; height: 900px; border: 0"></iframe>
<script>
  const context = JSON.parse(decodeURIComponent(location.hash.slice(1)))
  window.addEventListener('message', (event) => {
    if (event.data !== 'chatwoot-dashboard-app:fetch-info') return
    event.source.postMessage(JSON.stringify({ event: 'appContext', data: context }), '*')
  })
</script>
</body></html>`

describe('agent context in the Chatwoot Dashboard App', () => {
  const baseUrl = inject('baseUrl')
  const supabase = inject('supabase')
  let host: Server
  let hostUrl: string
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let app: FrameLocator
  let accountId: number
  let conversationId: number
  let foreignAccountId: number
  let foreignStore: string | undefined
  let expected: { summary: string; lead_score: number | null }

  const rest = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(`${supabase.url}/rest/v1/${path}`, {
      ...init,
      headers: {
        apikey: supabase.serviceRoleKey,
        Authorization: `Bearer ${supabase.serviceRoleKey}`,
        'Content-Type': 'application/json',
        Prefer: 'return=representation',
        ...init.headers,
      },
    })
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
    return (await response.json()) as T
  }

  const conversation = (account: number, id: number) => ({
    conversation: { id, account_id: account, meta: { sender: { id: 1, name: 'Forged name <b>x</b>' } } },
    contact: { id: 1, name: 'Forged name <b>x</b>' },
    currentAgent: { id: 1, name: 'Agent', email: agent.email },
  })

  /** A store's Chatwoot account id, once the provisioning job has made the account. */
  const accountIdOf = (storeId: string): Promise<number> =>
    vi.waitFor(async () => {
      const [row] = await rest<{ account_id: number | null; status: string }[]>(
        `chatwoot_accounts?store_id=eq.${storeId}&select=account_id,status`,
      )
      expect(row, `store ${storeId}'s Chatwoot account`).toMatchObject({ status: 'active' })
      return row?.account_id as number
    }, jobTime)

  let loads = 0
  const open = async (ctx: unknown) => {
    // A new query each time: a hash-only change would not reload the host page.
    await page.goto(`${hostUrl}/host?load=${++loads}#${encodeURIComponent(JSON.stringify(ctx))}`)
    app = page.frameLocator('#app')
  }

  beforeAll(async () => {
    // The demo store's account and the handed-off conversation, as provisioning and the handoff made them.
    accountId = await accountIdOf(demoStore)
    const session = await vi.waitFor(async () => {
      const [row] = await rest<
        { chatwoot_conversation_id: number | null; summary: string; lead_score: number | null }[]
      >(`chat_sessions?id=eq.${handedOff}&select=chatwoot_conversation_id,summary,lead_score`)
      expect(row?.chatwoot_conversation_id, 'the seeded handoff in Chatwoot').toEqual(expect.any(Number))
      return row as { chatwoot_conversation_id: number; summary: string; lead_score: number | null }
    }, jobTime)
    expected = { summary: session.summary, lead_score: session.lead_score }
    conversationId = session.chatwoot_conversation_id
    // Another store, with its own account and a conversation of the same display id: the agent is no member.
    const slug = `foreign-${Date.now().toString(36)}`
    const [foreign] = await rest<{ id: string }[]>('stores', {
      method: 'POST',
      body: JSON.stringify({ name: 'Foreign store', slug }),
    })
    foreignStore = foreign?.id as string
    foreignAccountId = await accountIdOf(foreignStore)

    host = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(hostPage(`${baseUrl}/chatwoot-app`))
    })
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve))
    hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`

    browser = await launchBrowser()
    context = await browser.newContext()
    page = await context.newPage()
  })

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => host?.close(resolve))
    if (foreignStore) await rest(`stores?id=eq.${foreignStore}`, { method: 'DELETE' })
  })

  it('shows only a sign-in form until the agent proves who they are', async () => {
    await open(conversation(accountId, conversationId))
    await app.getByRole('heading', { name: 'Sign in to Parley' }).waitFor()
    expect(await app.getByTestId('agent-context').count()).toBe(0)
    expect(await app.getByText('Forged name').count()).toBe(0)
  })

  it('signed in, the agent sees the handed-off conversation: summary, lead score, sentiment, contact', async () => {
    await app.getByLabel('Email').fill(agent.email)
    await app.getByLabel('Password').fill(agent.password)
    await app.getByRole('button', { name: 'Sign in' }).click()
    const view = app.getByTestId('agent-context')
    await view.waitFor()
    expect(await app.getByTestId('signed-in-as').textContent()).toBe(agent.email)
    expect(await app.getByTestId('session-summary').textContent()).toBe(expected.summary || 'No summary yet.')
    expect(await app.getByTestId('lead-score').textContent()).toBe(String(expected.lead_score ?? '—'))
    await app.getByTestId('sentiment-line').waitFor()
    await app.getByTestId('contact').waitFor()
    // Nothing from Chatwoot's unauthenticated message is rendered.
    expect(await app.getByText('Forged name').count()).toBe(0)
  })

  it('a forged appContext naming another store shows nothing of it', async () => {
    await open(conversation(foreignAccountId, conversationId))
    // Still signed in (the frame's own storage), but agent_context answers nothing outside the agent's stores.
    await app.getByTestId('no-context').waitFor()
    expect(await app.getByTestId('agent-context').count()).toBe(0)
  })

  it("the store's owner sees the agent's Chatwoot seat synced in the member list", async () => {
    // The seed's membership enqueued the seat job; once it ran, the owner sees the seat synced.
    await expect
      .poll(
        async () =>
          (
            await rest<{ status: string }[]>(
              `outbox?select=status&topic=eq.chatwoot.sync_agent&payload->>user_id=eq.${agent.id}&payload->>store_id=eq.${demoStore}&order=id.desc&limit=1`,
            )
          )[0]?.status,
        { ...jobTime, message: "the agent's seat job" },
      )
      .toBe('done')
    const owner = await context.newPage()
    await signIn(owner, baseUrl, {
      fullName: 'Demo Owner',
      email: 'demo@parley.dev',
      password: 'parley-demo-2026',
    })
    await owner.goto(`${baseUrl}/stores/${demoStore}`)
    const row = owner.getByTestId('member-item').filter({ hasText: agent.email })
    const badge = row.getByTestId('chatwoot-sync')
    await badge.waitFor()
    expect(await badge.getAttribute('data-status')).toBe('synced')
    await owner.close()
  })
})
