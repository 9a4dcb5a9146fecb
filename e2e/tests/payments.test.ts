import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from '../src/browser.ts'
import { signIn } from '../src/dashboard.ts'
import { openShopChat } from '../src/origins.ts'
import { supabaseClient } from '../src/supabase.ts'

/**
 * Payments in chat, in a real Chromium: the demo owner connects the store's own Stripe account (the fake)
 * with a restricted key on the Integrations page; a shopper on the sample shop writes; the agent asks for a
 * payment from the conversation screen; the widget shows a card with a Pay button; the shopper pays on the
 * fake Stripe Checkout page, and the card in the widget says "Paid" once the store's signed webhook came in.
 */
const demoStore = 'de000000-0000-4000-8000-000000000010'
const owner = { fullName: 'Dana Demo', email: 'demo@parley.dev', password: 'parley-demo-2026' }

describe('payments in chat', () => {
  const baseUrl = inject('baseUrl')
  const supabase = inject('supabase')
  let browser: Browser
  let context: BrowserContext
  let page: Page

  beforeAll(async () => {
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    context.setDefaultTimeout(90_000)
    context.setDefaultNavigationTimeout(120_000)
    page = await context.newPage()
  })
  afterAll(async () => {
    await context?.close()
    await browser?.close()
  })

  it('a shopper pays a payment request through Checkout and the widget shows it paid', async () => {
    await signIn(page, baseUrl, owner)
    await page.goto(`${baseUrl}/stores/${demoStore}/integrations`)
    await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor()
    const card = page.getByTestId('app-stripe')
    // `pnpm dev` connects the demo store on start: begin from scratch
    if (await card.getByRole('button', { name: 'Disconnect Stripe' }).isVisible()) {
      await card.getByRole('button', { name: 'Disconnect Stripe' }).click()
      await card.getByText('Not connected').waitFor()
    }
    await card.getByLabel('Restricted API key (rk_…)').fill('rk_test_parley_e2e_store')
    await card.getByRole('button', { name: 'Connect Stripe' }).click()
    await card.getByText('Connected', { exact: true }).waitFor()

    // the shopper, on the store's own site
    const shop = await context.newPage()
    const widget = await openShopChat(shop, baseUrl)
    const composer = widget.getByLabel('Your message')
    const line = `Can I pay for order ${Date.now()} here?`
    await composer.fill(line)
    await composer.press('Enter')

    // the agent opens that conversation and asks for the payment
    const service = supabaseClient(supabase, 'service')
    let sessionId = ''
    await expect
      .poll(
        async () => {
          const { data } = await service
            .from('messages')
            .select('session_id')
            .eq('content', line)
            .maybeSingle()
          sessionId = data?.session_id ?? ''
          return sessionId
        },
        { timeout: 60_000, interval: 500 },
      )
      .not.toBe('')
    await page.goto(`${baseUrl}/stores/${demoStore}/conversations?session=${sessionId}`)
    await page.getByRole('button', { name: 'Request payment' }).click()
    const form = page.getByRole('form', { name: 'Request a payment' })
    await form.getByLabel('Amount').fill('42.50')
    await form.getByLabel('What it is for').fill('Order 1042')
    await form.getByRole('button', { name: 'Send payment request' }).click()
    await page
      .getByTestId('transcript-message')
      .filter({ hasText: 'Payment request: EUR 42.50 for Order 1042' })
      .waitFor()

    // the card in the widget, its Pay button once Stripe opened the Checkout page
    const paymentCard = widget.getByTestId('payment-card')
    await paymentCard.getByText('Order 1042').waitFor()
    const pay = paymentCard.getByRole('link', { name: /^Pay / })
    await pay.waitFor()
    const [checkout] = await Promise.all([context.waitForEvent('page'), pay.click()])
    await checkout.getByRole('heading', { name: 'Pay' }).waitFor()
    expect(await checkout.getByText('Order 1042').isVisible()).toBe(true)
    await checkout.getByLabel('Email').fill('shopper@example.com')
    await checkout.getByRole('button', { name: 'Pay' }).click()
    await checkout.getByRole('heading', { name: 'Thank you' }).waitFor()
    await checkout.close()

    // the store's webhook arrived: the widget says so, and so does the transcript
    await expect
      .poll(() => paymentCard.getAttribute('data-status'), { timeout: 90_000, interval: 500 })
      .toBe('paid')
    await paymentCard.getByText('Paid', { exact: true }).waitFor()
    await page
      .getByTestId('transcript-message')
      .filter({ hasText: 'Payment received: EUR 42.50 for Order 1042' })
      .waitFor()
    await shop.close()
  }, 900_000)
})
