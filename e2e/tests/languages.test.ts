import type { Browser, FrameLocator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from '../src/browser.ts'
import { otherOrigin } from '../src/origins.ts'

/**
 * Shoppers in their own language on the demo shop: one whose store page asks for Arabic sees the chat laid
 * out right to left; a German visitor is greeted in German, sees the German FAQs and gets the German answer;
 * an emoji from the composer's picker is sent as written.
 */

describe('the widget in the visitor language', () => {
  const baseUrl = inject('baseUrl')
  const shopUrl = `${otherOrigin(baseUrl)}/sample-shop`
  let browser: Browser

  /** A visitor with this browser language on the shop page, the chat opened (after `prepare` ran on the page). */
  const openChat = async (locale: string, openLabel: string, prepare: (page: Page) => Promise<void>) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale })
    context.setDefaultTimeout(90_000)
    context.setDefaultNavigationTimeout(120_000)
    const page = await context.newPage()
    await page.goto(shopUrl)
    // The launcher (its class: its label changes with the language and with open/closed) is worded in the
    // visitor's language once the chatbot's languages are known, and again when the page changes language.
    const launcher = page.locator('button.parley-l')
    // Named once the chatbot's look has arrived: what `prepare` changes must reword it after that.
    await expect.poll(() => launcher.getAttribute('aria-label'), { timeout: 60_000 }).toContain(': Scout')
    await prepare(page)
    await expect.poll(() => launcher.getAttribute('aria-label')).toBe(`${openLabel}: Scout`)
    await launcher.click()
    const widget: FrameLocator = page.frameLocator('iframe[title*="Scout"]')
    await widget.getByTestId('parley-widget').waitFor()
    return { page, widget, launcher, close: () => context.close() }
  }

  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('switched to Arabic with $parley.setLocale, the chat reads right to left', async () => {
    const { widget, launcher, close } = await openChat('en-US', 'افتح المحادثة', (page) =>
      page.evaluate(() =>
        (globalThis as unknown as { $parley: { setLocale(l: string): void } }).$parley.setLocale('ar'),
      ),
    )
    expect(await launcher.getAttribute('aria-label')).toBe('أغلق المحادثة')
    const root = widget.getByTestId('parley-widget')
    await expect.poll(() => root.getAttribute('dir')).toBe('rtl')
    expect(await root.getAttribute('lang')).toBe('ar')
    // The interface in Arabic, its first tab on the right.
    const chatTab = widget.getByRole('tab', { name: 'المحادثة' })
    const faqTab = widget.getByRole('tab', { name: 'الأسئلة الشائعة' })
    await chatTab.waitFor()
    const [chatBox, faqBox] = [await chatTab.boundingBox(), await faqTab.boundingBox()]
    expect(chatBox && faqBox && chatBox.x > faqBox.x).toBe(true)
    const composer = widget.getByLabel('رسالتك')
    await expect.poll(() => composer.getAttribute('placeholder')).toBe('اكتب رسالة…')
    // The visitor's own line sits on the left, the bot's greeting on the right.
    await composer.fill('How long does shipping take?')
    await composer.press('Enter')
    const mine = widget.locator('[data-testid="chat-message"][data-sender="customer"] .bubble').first()
    await mine.waitFor()
    const greeting = widget.locator('.message.from-team .bubble').first()
    const [mineBox, greetingBox] = [await mine.boundingBox(), await greeting.boundingBox()]
    expect(mineBox && greetingBox && mineBox.x < greetingBox.x).toBe(true)
    await close()
  })

  it('a German visitor is greeted and answered in German, and may add an emoji', async () => {
    // A German store page (its <html lang>) and a German browser.
    const { widget, launcher, close } = await openChat('de-DE', 'Chat öffnen', (page) =>
      page.evaluate(() => {
        ;(
          globalThis as unknown as { document: { documentElement: { lang: string } } }
        ).document.documentElement.lang = 'de'
      }),
    )
    await expect.poll(() => launcher.getAttribute('aria-label')).toBe('Chat schließen')
    await widget.getByText('Hallo, ich bin Scout von Acme Outdoor!', { exact: false }).waitFor()
    expect(await widget.getByTestId('parley-widget').getAttribute('dir')).toBe('ltr')
    await widget.getByRole('tab', { name: 'FAQ' }).click()
    await widget.getByRole('button', { name: 'Wie lange dauert der Versand?' }).waitFor()
    expect(await widget.getByRole('button', { name: 'How long does shipping take?' }).count()).toBe(0)
    await widget.getByRole('button', { name: 'Wie lange dauert der Versand?' }).click()
    await widget
      .locator('[data-testid="chat-message"][data-sender="bot"]', { hasText: '2-4 Werktage' })
      .waitFor()

    const composer = widget.getByLabel('Ihre Nachricht')
    await composer.fill('Danke ')
    await widget.getByRole('button', { name: 'Emoji einfügen' }).click()
    await widget.getByRole('dialog', { name: 'Emoji einfügen' }).getByRole('button', { name: '👍' }).click()
    await expect.poll(() => composer.inputValue()).toBe('Danke 👍')
    await composer.press('Enter')
    await widget
      .locator('[data-testid="chat-message"][data-sender="customer"]', { hasText: 'Danke 👍' })
      .waitFor()
    await close()
  })
})
