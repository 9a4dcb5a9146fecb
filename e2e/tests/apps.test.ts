import { createHmac } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from '../src/browser.ts'
import { signIn } from '../src/dashboard.ts'
import { openShopChat } from '../src/origins.ts'

/**
 * A connected app end to end, in a real Chromium: the demo owner connects Slack from the Integrations page
 * (the fake Slack's consent screen, Allow, back to the page), chooses the channel from Slack's paged list,
 * and the demo store's published automation "Tell the team on Slack" posts to it when a visitor on the
 * sample shop asks for a person; the fake shows what it received. Agents see the status only.
 */
const demoStore = 'de000000-0000-4000-8000-000000000010'
const owner = { fullName: 'Dana Demo', email: 'demo@parley.dev', password: 'parley-demo-2026' }
const agent = { fullName: 'Alex Agent', email: 'agent@parley.dev', password: 'parley-demo-2026' }

type SlackState = { messages: { channel: string; text: string; blocks?: unknown }[] }

describe('connected apps', () => {
  const baseUrl = inject('baseUrl')
  const slack = inject('slack')
  const supabase = inject('supabase')
  let browser: Browser
  let context: BrowserContext
  let page: Page

  const slackMessages = async () =>
    ((await (await fetch(`${slack.url}/__fake/state`)).json()) as SlackState).messages

  beforeAll(async () => {
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 390, height: 844 } }) // a phone
    context.setDefaultTimeout(90_000)
    context.setDefaultNavigationTimeout(120_000)
    page = await context.newPage()
  })
  afterAll(async () => {
    await context?.close()
    await browser?.close()
  })

  it('an owner connects Slack to its fake, and a visitor asking for a person reaches the channel', async () => {
    await signIn(page, baseUrl, owner)
    await page.goto(`${baseUrl}/stores/${demoStore}/integrations`)
    await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor()
    const card = page.getByTestId('app-slack')
    // `pnpm dev` connects the demo store on start: begin from scratch, which is also the disconnect path
    if (await card.getByRole('button', { name: 'Disconnect Slack' }).isVisible()) {
      await card.getByRole('button', { name: 'Disconnect Slack' }).click()
      await card.getByText('Not connected').waitFor()
    }

    await card.getByRole('button', { name: 'Connect Slack' }).click()
    await page.getByRole('heading', { name: /Parley is requesting permission/ }).waitFor()
    await page.getByRole('button', { name: 'Allow' }).click()
    await page.waitForURL(/\/integrations\?connected=slack/)
    await page.getByText('Slack is connected.').waitFor()
    await expect.poll(() => card.getByText('Connected', { exact: true }).isVisible()).toBe(true)
    await card.getByText('Account: Parley Demo').waitFor()

    // the channel, from Slack's paged list (loaded page by page until Slack says there is no more)
    await card.getByRole('button', { name: 'Load channels' }).click()
    while (await card.getByRole('button', { name: 'Load more channels' }).isVisible())
      await card.getByRole('button', { name: 'Load more channels' }).click()
    await card.getByRole('combobox', { name: 'Channel for automations' }).click()
    await page.getByRole('option', { name: '#support' }).click()
    await card.getByRole('button', { name: 'Save channel' }).click()
    await card.getByText('Automations post to #support').waitFor()

    // the demo store's automation that uses Slack (seeded off until its apps are connected) goes on
    await fetch(`${supabase.url}/rest/v1/workflows?id=eq.de000000-0000-4000-8000-000000000062`, {
      method: 'PATCH',
      headers: {
        apikey: supabase.serviceRoleKey,
        Authorization: `Bearer ${supabase.serviceRoleKey}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ enabled: true }),
    })

    // the visitor, on the store's own site
    const before = (await slackMessages()).length
    const shop = await context.newPage()
    const widget = await openShopChat(shop, baseUrl)
    const composer = widget.getByLabel('Your message')
    await composer.fill('I want to talk to a human about my tent')
    await composer.press('Enter')

    await expect
      .poll(async () => (await slackMessages()).slice(before), { timeout: 90_000, interval: 500 })
      .toEqual([
        expect.objectContaining({
          channel: 'C0SUPPORT01',
          text: expect.stringContaining('asked for a person: “I want to talk to a human about my tent”'),
          blocks: expect.arrayContaining([
            expect.objectContaining({ type: 'actions' }), // the button back to the conversation
          ]),
        }),
      ])
    // the fake's own page shows it, escaped
    await shop.goto(`${slack.url}/__fake/`)
    await shop.getByText('I want to talk to a human about my tent').first().waitFor()
    await shop.close()

    // a test message from the page
    await card.getByRole('button', { name: 'Send a test to Slack' }).click()
    await card.getByText('Test sent.').waitFor()
    await expect
      .poll(async () => (await slackMessages()).some((m) => m.text.startsWith('Parley is connected')), {
        timeout: 60_000,
      })
      .toBe(true)
  }, 900_000)

  it('an owner connects the signed webhook: the secret Parley makes is shown once, and a test arrives signed with it', async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = []
    const receiver = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => {
        body += chunk
      })
      req.on('end', () => {
        received.push({ headers: req.headers, body })
        res.writeHead(204).end()
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    try {
      const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/parley`
      await page.goto(`${baseUrl}/stores/${demoStore}/integrations`)
      const card = page.getByTestId('app-webhook')
      if (await card.getByRole('button', { name: 'Disconnect Webhook' }).isVisible()) {
        await card.getByRole('button', { name: 'Disconnect Webhook' }).click()
        await card.getByText('Not connected').waitFor()
      }
      await card.getByRole('textbox', { name: /endpoint/i }).fill(endpoint)
      await card.getByRole('button', { name: 'Connect Webhook' }).click()
      const dialog = page.getByRole('dialog', { name: 'Webhook connected' })
      const secret = await dialog.getByRole('textbox', { name: 'Signing secret' }).inputValue()
      expect(secret).toMatch(/^whsec_[\w-]{40,}$/)
      await dialog.getByRole('button', { name: 'Done' }).click()
      await card.getByText('Connected', { exact: true }).waitFor()
      await card.getByText(endpoint).waitFor()
      // never shown again
      await page.reload()
      await card.getByText('Connected', { exact: true }).waitFor()
      expect(await page.getByText(secret).count()).toBe(0)

      await card.getByRole('button', { name: 'Send a test to Webhook' }).click()
      await card.getByText('Test sent.').waitFor()
      await expect.poll(() => received.length, { timeout: 60_000 }).toBe(1)
      const [delivery] = received
      const [, t, v1] =
        /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(delivery?.headers['x-parley-signature'])) ?? []
      expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${delivery?.body}`).digest('hex'))
      expect(JSON.parse(delivery?.body ?? '')).toMatchObject({ event: 'ping' })
    } finally {
      receiver.close()
    }
  }, 600_000)

  it('agents see the status only', async () => {
    const agentContext = await browser.newContext()
    const agentPage = await agentContext.newPage()
    await signIn(agentPage, baseUrl, agent)
    await agentPage.goto(`${baseUrl}/stores/${demoStore}/integrations`)
    const card = agentPage.getByTestId('app-slack')
    await card.getByText('Connected', { exact: true }).waitFor()
    expect(await card.getByRole('button').count()).toBe(0)
    await agentContext.close()
  }, 300_000)
})
