import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from '../src/browser.ts'
import { otherOrigin } from '../src/origins.ts'

/**
 * The widget's side of a handoff to Chatwoot, in a real Chromium on the sample shop: asking for a person
 * shows the store's usual reply time and business hours; while Chatwoot is down (the fake answers 503 to
 * everything) the handoff job fails, the outbox marks the session's handoff as failing and the store's phone
 * and e-mail are offered; an agent's reply (a `messages` row from the Chatwoot webhook) arrives live.
 */
const demoStore = 'de000000-0000-4000-8000-000000000010'

describe('handoff in the widget', () => {
  const baseUrl = inject('baseUrl')
  const supabase = inject('supabase')
  const chatwoot = inject('chatwoot')
  const shopUrl = `${otherOrigin(baseUrl)}/sample-shop`
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let widget: FrameLocator

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
  const patchStore = (body: Record<string, unknown>) =>
    rest(`stores?id=eq.${demoStore}`, { method: 'PATCH', body: JSON.stringify(body) })
  /** The fake Chatwoot's failure switch (`/__fake/down` answers 503 to every API call until `/__fake/up`). */
  const chatwootIs = async (state: 'down' | 'up') => {
    const response = await fetch(`${chatwoot.url}/__fake/${state}`, { method: 'POST' })
    if (!response.ok) throw new Error(`the fake Chatwoot did not go ${state}: ${response.status}`)
  }

  beforeAll(async () => {
    await patchStore({
      business_hours: { 'Mon–Fri': '09:00–17:00' },
      reply_time: 'within an hour',
      fallback_phone: '+43 512 123456',
      fallback_email: 'help@acme.example',
    })
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    context.setDefaultTimeout(90_000)
    context.setDefaultNavigationTimeout(120_000)
    page = await context.newPage()
  })

  afterAll(async () => {
    await chatwootIs('up')
    await context?.close()
    await browser?.close()
    await patchStore({ business_hours: {}, reply_time: null, fallback_phone: null, fallback_email: null })
  })

  it('says when a person will answer, offers the fallback contact while Chatwoot is unreachable, and shows the reply live', async () => {
    await chatwootIs('down')
    await page.goto(shopUrl)
    await page.getByRole('button', { name: /^Open chat/ }).click()
    widget = page.frameLocator('iframe[title^="Chat"]')
    const composer = widget.getByLabel('Your message')
    await composer.fill('I want to talk to a human')
    await composer.press('Enter')
    const banner = widget.getByTestId('chat-banner')
    await banner.getByText('We usually reply within an hour.', { exact: false }).waitFor()
    await expect.poll(() => banner.textContent()).toContain('Our hours: Mon–Fri 09:00–17:00.')
    const sessionId = (await widget.getByTestId('parley-widget').getAttribute('data-session')) as string
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/)

    // Chatwoot is down: the handoff job fails and waits for its next attempt, which the outbox mirrors onto
    // the session, and the widget offers the store's own contact.
    const fallback = widget.getByTestId('handoff-fallback')
    await fallback.waitFor()
    expect(await fallback.textContent()).toContain('call +43 512 123456 or e-mail help@acme.example')
    await chatwootIs('up')

    await rest('messages', {
      method: 'POST',
      body: JSON.stringify({
        store_id: demoStore,
        session_id: sessionId,
        sender: 'agent',
        author_id: null,
        content: 'Hi, Anna from Acme here.',
      }),
    })
    await widget
      .locator('[data-testid="chat-message"][data-sender="agent"]', { hasText: 'Hi, Anna from Acme here.' })
      .waitFor()
  })
})
