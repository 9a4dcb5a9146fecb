import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from '../src/browser.ts'
import { createStore, signUp } from '../src/dashboard.ts'
import { newPerson, storeName } from '../src/people.ts'

/**
 * A new owner's store starts on Free; the owner upgrades to Starter through (the fake) Stripe Checkout,
 * comes back to the billing page and sees the Starter plan and its limits once Stripe's webhook has
 * arrived; Manage billing opens the Customer Portal, which returns to the page.
 */
describe('billing', () => {
  const baseUrl = inject('baseUrl')
  const owner = newPerson('Payer')
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

  /** "used of limit" beside a meter's label (label ids: meter-conversations, meter-chatbots, ...). */
  const meter = (id: string) => page.locator(`#meter-${id}`).locator('xpath=following-sibling::*[1]')

  // Signing up, a new store and three first page compiles on a busy machine, then Stripe's webhook: longer
  // than the default.
  it('an owner upgrades from Free to Starter through Checkout and sees the new limits', {
    timeout: 600_000,
  }, async () => {
    await signUp(page, baseUrl, owner)
    const storeId = await createStore(page, baseUrl, storeName('Billing'))
    await page.goto(`${baseUrl}/stores/${storeId}/billing`)
    await page.getByRole('heading', { level: 2, name: 'Free plan' }).waitFor()
    expect(await meter('conversations').textContent()).toBe('0 of 100')
    expect(await meter('chatbots').textContent()).toBe('0 of 1')
    expect(await page.getByText('No invoices yet.').isVisible()).toBe(true)

    await page.getByRole('button', { name: 'Upgrade to Starter' }).click()
    await page.getByRole('heading', { name: 'Subscribe' }).waitFor()
    expect(await page.getByText('€19.00 / month').isVisible()).toBe(true)
    await page.getByRole('button', { name: 'Subscribe' }).click()

    await page.waitForURL(`${baseUrl}/stores/${storeId}/billing?checkout=success`, { waitUntil: 'commit' })
    // The plan changes once Stripe's webhook has arrived (the page refreshes itself until then).
    await page.getByRole('heading', { level: 2, name: 'Starter plan' }).waitFor()
    await expect.poll(() => meter('conversations').textContent()).toBe('0 of 1,000')
    expect(await meter('chatbots').textContent()).toBe('0 of 5')
    expect(await meter('seats').textContent()).toBe('1 of 10')
    await page.getByRole('cell', { name: 'paid' }).waitFor()
    expect(await page.getByRole('button', { name: /^Upgrade to/ }).count()).toBe(0)

    await page.getByRole('button', { name: 'Manage billing' }).click()
    await page.getByRole('heading', { name: 'Manage your subscription' }).waitFor()
    expect(await page.getByRole('heading', { name: 'Parley Starter' }).isVisible()).toBe(true)
    await page.getByRole('link', { name: 'Return' }).click()
    await page.getByRole('heading', { level: 2, name: 'Starter plan' }).waitFor()
  })
})
