import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from '../src/browser.ts'
import { otherOrigin } from '../src/origins.ts'
import { localSupabase } from '../src/supabase.ts'

/**
 * A new shopper on the demo store's page fills the seeded chatbot's pre-chat form (supabase/seed.sql): the
 * widget checks the answers with the same rules as the server, and the persona tier the answers score into
 * opens the conversation with their name and budget.
 */

// Only used to check the database.
const SERVICE_KEY = process.env.E2E_SERVICE_ROLE_KEY ?? localSupabase().serviceRoleKey

/** The same page under the other loopback name, so the widget (served by baseUrl) is cross-origin. */

describe('pre-chat form on the sample shop', () => {
  const baseUrl = inject('baseUrl')
  let supabaseUrl: string
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let widget: FrameLocator

  beforeAll(async () => {
    const html = await (await fetch(`${baseUrl}/widget/acmeoutdoor0001`)).text()
    const found = html.match(/data-supabase-url="([^"]+)"/)
    if (!found?.[1]) throw new Error('the widget page did not render its Supabase URL')
    supabaseUrl = found[1]
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })
    context.setDefaultTimeout(90_000)
    context.setDefaultNavigationTimeout(120_000)
    page = await context.newPage()
  })

  afterAll(async () => {
    await context?.close()
    await browser?.close()
  })

  it('fills the form and gets the persona first message', async () => {
    await page.goto(`${otherOrigin(baseUrl)}/sample-shop`)
    const launcher = page.getByRole('button', { name: /^Open chat/ })
    await expect.poll(() => launcher.getAttribute('aria-label'), { timeout: 90_000 }).toBe('Open chat: Scout')
    await launcher.click()
    widget = page.frameLocator('iframe[title^="Chat"]')
    const form = widget.getByTestId('prechat-form')
    await form.waitFor()
    await form.getByText('Tell us a little about you').waitFor()

    // The widget refuses what the server would, field by field.
    await form.getByLabel('E-mail *').fill('not an address')
    await form.getByRole('button', { name: 'Start chatting' }).click()
    await form.getByText('Enter a valid e-mail address').waitFor()
    await form.getByText('Your consent is needed to continue').waitFor()

    await form.getByLabel('Your name *').fill('Ana')
    await form.getByLabel('E-mail *').fill('ana@example.com')
    await form.getByLabel('Who are you shopping for? *').selectOption({ label: 'A business' })
    await form.getByLabel('Budget (EUR)').fill('1200')
    await form.getByLabel('Acme Outdoor may contact me about my request. *').check()
    await form.getByRole('button', { name: 'Start chatting' }).click()

    // Business + budget + e-mail score 85: the "Outfitter" tier opens, with the answers filled in.
    const opening = widget.locator('[data-testid="chat-message"][data-sender="bot"]', {
      hasText: "Hi Ana, I'm Scout, your outfitter at Acme Outdoor.",
    })
    await opening.waitFor()
    await expect.poll(() => opening.textContent()).toContain('budget of EUR 1200')
    expect(await widget.getByTestId('prechat-form').count()).toBe(0)

    // The answers are the contact's attributes, and the lead is scored with its reasons.
    const sessionId = await widget.getByTestId('parley-widget').getAttribute('data-session')
    const response = await fetch(
      `${supabaseUrl}/rest/v1/session_leads?select=score,tier,reasons&session_id=eq.${sessionId}`,
      { headers: { apikey: SERVICE_KEY, Authorization: `Bearer ${SERVICE_KEY}` } },
    )
    const [lead] = (await response.json()) as { score: number; tier: string; reasons: { reason: string }[] }[]
    expect(lead).toMatchObject({ score: 85, tier: 'Outfitter' })
    expect(lead?.reasons.map((r) => r.reason)).toContain('Buying for a business')

    // The chat goes on as usual.
    const composer = widget.getByLabel('Your message')
    await composer.fill('How long does shipping take?')
    await composer.press('Enter')
    await widget
      .locator('[data-testid="chat-message"][data-sender="bot"]', { hasText: '2-4 working days' })
      .waitFor()
  })

  it('a German shopper on a phone reads what is wrong with the answers in German', async () => {
    const german = await browser.newContext({ viewport: { width: 390, height: 844 } })
    german.setDefaultTimeout(90_000)
    try {
      const shop = await german.newPage()
      await shop.goto(`${otherOrigin(baseUrl)}/sample-shop`)
      await shop.getByRole('button', { name: /^Open chat/ }).waitFor()
      // The sample shop's page is in English: the shopper's choice is the host page's setLocale.
      await shop.evaluate(() => {
        const parley = (globalThis as unknown as { $parley: { setLocale(l: string): void; open(): void } })
          .$parley
        parley.setLocale('de')
        parley.open()
      })
      const form = shop.frameLocator('iframe[title^="Chat"]').getByTestId('prechat-form')
      await form.getByText('Erzählen Sie uns kurz von sich').waitFor()
      await form.getByLabel('E-Mail *').fill('keine Adresse')
      await form.getByLabel('Budget (EUR)').fill('-5')
      await form.getByRole('button', { name: 'Chat starten' }).click()
      await form.getByText('Geben Sie eine gültige E-Mail-Adresse ein').waitFor()
      await form.getByText('Mindestens 0').waitFor()
      await form.getByText('Ihre Zustimmung ist nötig, um fortzufahren').waitFor()
      expect(await form.getByText('Dieses Feld ist erforderlich').count()).toBe(2)
      expect(await form.getByText(/Enter a valid|required|consent is needed/).count()).toBe(0)
    } finally {
      await german.close()
    }
  })
})
