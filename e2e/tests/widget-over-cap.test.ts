import { randomBytes } from 'node:crypto'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from '../src/browser.ts'
import { openShopChat } from '../src/origins.ts'

/**
 * A store whose plan's conversations are used up still serves its shoppers: in a real Chromium on the
 * sample shop, a new conversation opens, the shopper's line is kept, and the store's offline message with
 * its fallback contact answers it (never an error).
 */

describe('the widget over the plan', () => {
  const baseUrl = inject('baseUrl')
  const supabase = inject('supabase')
  const suffix = randomBytes(4).toString('hex')
  const publicId = `overcap${suffix}`
  let storeId = ''
  let browser: Browser
  let context: BrowserContext
  let page: Page

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

  beforeAll(async () => {
    // A store on a plan (not offered to anyone) with no conversations at all: every new one is over the cap.
    await rest('plans', {
      method: 'POST',
      body: JSON.stringify({
        id: `used_up_${suffix}`,
        name: 'Used up',
        position: 0,
        max_conversations_per_month: 0,
        active: false,
      }),
    })
    const [store] = await rest<{ id: string }[]>('stores', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Capped Outfitters',
        slug: `capped-${suffix}`,
        offline_message: 'We are closed for the month.',
        fallback_email: 'hello@capped.example',
      }),
    })
    storeId = store?.id ?? ''
    await rest(`store_subscriptions?store_id=eq.${storeId}`, {
      method: 'PATCH',
      body: JSON.stringify({ plan_id: `used_up_${suffix}`, status: 'active' }),
    })
    await rest('chatbots', {
      method: 'POST',
      body: JSON.stringify({ store_id: storeId, name: 'Capper', public_id: publicId, languages: ['en'] }),
    })
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 390, height: 844 } }) // a phone
    context.setDefaultTimeout(90_000)
    context.setDefaultNavigationTimeout(120_000)
    page = await context.newPage()
  })
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    if (storeId) await rest(`stores?id=eq.${storeId}`, { method: 'DELETE' })
    await rest(`plans?id=eq.used_up_${suffix}`, { method: 'DELETE' })
  })

  it('opens the conversation, keeps the line and answers with the offline message and fallback contact', async () => {
    const widget = await openShopChat(page, baseUrl, `?chatbot=${publicId}`)
    const composer = widget.getByLabel('Your message')
    await composer.fill('Do you have size 44 boots?')
    await composer.press('Enter')
    await widget
      .locator('[data-testid="chat-message"][data-sender="system"]', {
        hasText: 'We are closed for the month. To reach us now, e-mail hello@capped.example.',
      })
      .waitFor()
    await widget
      .locator('[data-testid="chat-message"][data-sender="customer"]', {
        hasText: 'Do you have size 44 boots?',
      })
      .waitFor()
    expect(await widget.getByRole('alert').count()).toBe(0)
    const lines = await rest<{ sender: string; content: string }[]>(
      `messages?store_id=eq.${storeId}&select=sender,content&order=id`,
    )
    expect(lines.map((l) => l.sender)).toEqual(['customer', 'system'])
  })
})
