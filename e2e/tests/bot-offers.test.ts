import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from '../src/browser.ts'
import { otherOrigin } from '../src/origins.ts'

/**
 * The bot's own offers, in a real Chromium on the sample shop: the demo chatbot (seeded with the booking
 * offer and a deposit, the dev command having connected the fake Cal.com and Stripe) answers "can I book a
 * call" with the Cal.com card tied to the conversation, and "I want to pay the deposit" with a payment card
 * whose Pay button opens the fake Checkout; asking again shows the same open request, not a second one.
 */
describe('the bot offers booking and payment', () => {
  const baseUrl = inject('baseUrl')
  let browser: Browser
  let context: BrowserContext

  beforeAll(async () => {
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    context.setDefaultTimeout(90_000)
    context.setDefaultNavigationTimeout(120_000)
  })
  afterAll(async () => {
    await context?.close()
    await browser?.close()
  })

  it('a shopper asks to book a call and to pay the deposit, and gets the cards', async () => {
    const shop = await context.newPage()
    await shop.goto(`${otherOrigin(baseUrl)}/sample-shop`)
    await shop.getByRole('button', { name: /^Open chat/ }).click()
    const widget = shop.frameLocator('iframe[title^="Chat"]')
    const composer = widget.getByLabel('Your message')
    const send = async (line: string) => {
      await composer.fill(line)
      await composer.press('Enter')
    }

    await send('can I book a call')
    const booking = widget.getByTestId('booking-card')
    await booking.getByText('Pick a time that suits you').waitFor()
    const href = (await booking.getByRole('link').getAttribute('href')) as string
    expect(new URL(href).pathname).toBe('/parley-demo/intro-call')
    expect(new URL(href).searchParams.get('metadata[parley_session]')).toMatch(/^[0-9a-f-]{36}$/)

    await send('I want to pay the deposit')
    const pay = widget.getByRole('link', { name: /^Pay .*50\.00/ })
    await pay.waitFor()
    await widget.getByText('Deposit for a custom-made tent').first().waitFor()

    await send('I want to pay the deposit')
    await expect.poll(() => pay.count()).toBe(2)
    const pages = new Set(await pay.evaluateAll((links) => links.map((a) => a.getAttribute('href'))))
    expect(pages.size).toBe(1)
    await shop.close()
  }, 600_000)
})
