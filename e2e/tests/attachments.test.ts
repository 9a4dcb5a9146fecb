import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from '../src/browser.ts'
import { signIn } from '../src/dashboard.ts'

/**
 * A shopper on a phone attaches a photo of a damaged item through the widget on the sample shop (another
 * origin); it shows in the conversation, the bot types while the photo is analysed (its next answer waits for
 * that), and the demo owner sees the photo in the dashboard transcript with what the (fake, in development)
 * image model made of it.
 */
const demo = {
  person: { fullName: 'Dana Demo', email: 'demo@parley.dev', password: 'parley-demo-2026' },
  storeId: 'de000000-0000-4000-8000-000000000010',
}

// A 1x1 PNG: a real, decodable image (the widget re-draws photos through a canvas before sending them).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

describe('a photo from a phone reaches the agent', () => {
  const baseUrl = inject('baseUrl')
  let browser: Browser
  let sessionId: string

  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('the shopper attaches a photo on a phone-sized screen and sees it in the chat', async () => {
    const shop = new URL(baseUrl)
    shop.hostname = shop.hostname === 'localhost' ? '127.0.0.1' : 'localhost'
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    })
    phone.setDefaultTimeout(90_000)
    try {
      const shopper = await phone.newPage()
      await shopper.goto(`${shop.origin}/sample-shop`)
      await shopper.getByRole('button', { name: /^Open chat/ }).click()
      const widget = shopper.frameLocator('iframe[title^="Chat"]')
      await widget.getByRole('button', { name: 'Attach a photo or file' }).waitFor()
      await widget
        .getByTestId('attach-input')
        .setInputFiles({ name: 'broken-zip.png', mimeType: 'image/png', buffer: PNG })
      const photo = widget.locator('[data-sender="customer"] [data-testid="chat-attachment"]')
      await photo.waitFor()
      expect(await photo.getAttribute('alt')).toBe('broken-zip.png')
      // the signed link serves the image itself
      const src = (await photo.getAttribute('src')) as string
      const served = await fetch(src)
      expect(served.headers.get('content-type')).toBe('image/png')
      // The bot's next answer waits for the photo's analysis: meanwhile the shopper sees it typing, and the
      // indicator goes once it answers.
      const typing = widget.getByTestId('typing-indicator')
      await expect.poll(() => typing.textContent(), { timeout: 5000 }).toBe('Scout is typing…')
      const composer = widget.getByLabel('Your message')
      await composer.fill('Is this covered by the warranty?')
      const botLines = widget.locator('[data-testid="chat-message"][data-sender="bot"]')
      const before = await botLines.count()
      await composer.press('Enter')
      await expect.poll(() => botLines.count(), { timeout: 30_000 }).toBeGreaterThan(before)
      expect(await typing.textContent()).toBe('')
      const root = widget.getByTestId('parley-widget')
      await expect
        .poll(() => root.getAttribute('data-session'), { timeout: 60_000 })
        .toMatch(/^[0-9a-f-]{36}$/)
      sessionId = (await root.getAttribute('data-session')) as string
    } finally {
      await phone.close()
    }
  })

  it('the owner sees the photo and its analysis in the dashboard transcript', async () => {
    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    desk.setDefaultTimeout(90_000)
    desk.setDefaultNavigationTimeout(120_000)
    try {
      const admin = await desk.newPage()
      await signIn(admin, baseUrl, demo.person)
      await admin.goto(`${baseUrl}/stores/${demo.storeId}/conversations?session=${sessionId}`)
      const detail = admin.getByTestId('conversation-detail')
      const attachment = detail.getByTestId('transcript-attachment')
      await attachment.locator('img[alt="broken-zip.png"]').waitFor()
      // the fake image model's reading arrives live
      await attachment
        .getByTestId('attachment-analysis')
        .filter({ hasText: 'Damage' })
        .waitFor({ timeout: 90_000 })
    } finally {
      await desk.close()
    }
  })
})
