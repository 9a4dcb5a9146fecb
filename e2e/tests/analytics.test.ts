import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from '../src/browser.ts'
import { signIn } from '../src/dashboard.ts'
import { openShopChat } from '../src/origins.ts'

/** The demo data in supabase/seed.sql. */
const demo = {
  person: { fullName: 'Dana Demo', email: 'demo@parley.dev', password: 'parley-demo-2026' },
  storeId: 'de000000-0000-4000-8000-000000000010',
}

/** The same page under the other loopback name, so the widget (served by baseUrl) is cross-origin. */

/**
 * The owner watches the analytics page while a shopper chats on the sample shop: the conversations KPI
 * moves without a reload (the store's ping, then a refetch under RLS); the owner then clicks today's bar
 * in the chart and opens that shopper's conversation from the list behind it; on a phone, the funnel's
 * "Chat opened" bar is a button the keyboard opens too; last, the owner has last week's report mailed to
 * the local SMTP inbox.
 */
describe('analytics, live', () => {
  const baseUrl = inject('baseUrl')
  const inbox = inject('inbox')
  let browser: Browser
  let context: BrowserContext
  let owner: Page
  let shop: Page
  let widget: FrameLocator
  let sessionId: string

  const conversations = () => owner.locator('[data-kpi="conversations"]').first().textContent()

  beforeAll(async () => {
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    context.setDefaultTimeout(90_000)
    context.setDefaultNavigationTimeout(120_000)
    owner = await context.newPage()
    // The widget's first open makes `next dev` compile it: as patient as the owner's page.
    const shopContext = await browser.newContext()
    shopContext.setDefaultTimeout(90_000)
    shopContext.setDefaultNavigationTimeout(120_000)
    shop = await shopContext.newPage()
  })

  afterAll(async () => {
    await shop?.context().close()
    await context?.close()
    await browser?.close()
  })

  it('the owner opens the analytics page: the seeded history, live', async () => {
    await signIn(owner, baseUrl, demo.person)
    // The first visit makes `next dev` compile the page and Recharts: slow on a busy machine.
    await owner.goto(`${baseUrl}/stores/${demo.storeId}/analytics`, { timeout: 300_000 })
    await owner.getByRole('heading', { level: 1, name: 'Analytics' }).waitFor()
    await owner.getByRole('status', { name: 'Analytics: Live' }).waitFor()
    expect(Number((await conversations())?.replace(/\D/g, ''))).toBeGreaterThan(0)
    await owner.evaluate(() => {
      ;(globalThis as unknown as { e2eSamePage: boolean }).e2eSamePage = true
    })
  })

  it('a shopper chats on the sample shop and the conversations KPI moves without a reload', async () => {
    const before = Number((await conversations())?.replace(/\D/g, ''))
    widget = await openShopChat(shop, baseUrl)
    const composer = widget.getByLabel('Your message')
    await composer.fill('How long does shipping take?')
    await composer.press('Enter')
    await widget
      .locator('[data-testid="chat-message"][data-sender="bot"]', { hasText: '2-4 working days' })
      .waitFor()
    sessionId = (await widget.getByTestId('parley-widget').getAttribute('data-session')) as string
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/)

    await expect
      .poll(async () => Number((await conversations())?.replace(/\D/g, '')), { timeout: 30_000 })
      .toBe(before + 1)
    expect(await owner.evaluate(() => (globalThis as unknown as { e2eSamePage?: boolean }).e2eSamePage)).toBe(
      true,
    )
  })

  it("the owner clicks today's bar and opens the shopper's conversation from the list behind it", async () => {
    const bars = owner.locator('[data-testid="series-chart"] .recharts-bar-rectangle')
    await bars.last().click()
    const dialog = owner.getByRole('dialog')
    await dialog.getByRole('heading', { name: /^Conversations on / }).waitFor()
    const link = dialog.locator(`a[href$="session=${sessionId}"]`)
    await link.waitFor()
    await link.click()
    await owner.waitForURL(
      (url) => url.pathname.endsWith('/conversations') && url.searchParams.get('session') === sessionId,
    )
    await owner
      .getByTestId('conversation-detail')
      .getByTestId('transcript-message')
      .filter({ hasText: 'How long does shipping take?' })
      .first()
      .waitFor()
  })

  it('on a phone, the owner opens the funnel\'s "Chat opened" bar from the keyboard', async () => {
    await owner.setViewportSize({ width: 390, height: 844 })
    await owner.goto(`${baseUrl}/stores/${demo.storeId}/analytics`)
    await owner.getByRole('status', { name: 'Analytics: Live' }).waitFor()
    const step = owner.getByTestId('funnel-chart').getByRole('button', { name: /^Chat opened/ })
    await step.focus()
    await owner.keyboard.press('Enter')
    const dialog = owner.getByRole('dialog')
    await dialog.getByRole('heading', { name: 'Chat opened' }).waitFor()
    await dialog.locator(`a[href$="session=${sessionId}"]`).waitFor()
    await owner.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(Number(await owner.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390)
  })

  it("the owner turns the weekly report on and sends last week's now: it reaches the inbox with its PDF", async () => {
    type Email = { to: string[]; subject: string; attachments: { filename: string; contentType: string }[] }
    const mine = async () =>
      ((await (await fetch(`${inbox.url}/api/messages`)).json()) as Email[]).filter((m) =>
        m.to.includes(demo.person.email),
      )
    const before = (await mine()).length
    const weekly = owner.getByRole('group', { name: 'Weekly report' })
    await weekly.getByRole('checkbox', { name: demo.person.fullName }).click()
    await weekly.getByRole('switch').click()
    await weekly.getByText('The weekly report is on.').waitFor()
    await weekly.getByRole('button', { name: "Send the last week's report now" }).click()
    await weekly.getByText('The last report is on its way.').waitFor()
    await expect.poll(async () => (await mine()).length, { timeout: 60_000 }).toBe(before + 1)
    const email = (await mine()).at(-1) as Email
    expect(email.subject).toMatch(/^Weekly analytics for Acme Outdoor: /)
    expect(email.attachments).toEqual([
      expect.objectContaining({ contentType: 'application/pdf', filename: expect.stringMatching(/\.pdf$/) }),
    ])
  })
})
