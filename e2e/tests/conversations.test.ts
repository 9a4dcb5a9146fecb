import { randomUUID } from 'node:crypto'
import type { SupabaseClient } from '@supabase/supabase-js'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from '../src/browser.ts'
import { signIn } from '../src/dashboard.ts'
import { supabaseClient } from '../src/supabase.ts'

/** The demo data in supabase/seed.sql. */
const demo = {
  person: { fullName: 'Dana Demo', email: 'demo@parley.dev', password: 'parley-demo-2026' },
  storeId: 'de000000-0000-4000-8000-000000000010',
  chatbotPublicId: 'acmeoutdoor0001',
}

type ChatReply = { message: { id: number; content: string }; reply: { id: number; content: string } | null }

/**
 * The admin watches the conversations screen while a visitor chats through the real chat function (as the
 * widget does: anonymous sign-in, then `chat/sessions` and `chat/messages`): the new session appears in
 * the list and its transcript fills in, without a reload.
 */
describe('conversations, live', () => {
  const baseUrl = inject('baseUrl')
  const target = inject('supabase')
  let browser: Browser
  let context: BrowserContext
  let admin: Page
  let visitor: SupabaseClient
  let sessionId: string

  beforeAll(async () => {
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    context.setDefaultTimeout(90_000)
    context.setDefaultNavigationTimeout(120_000)
    admin = await context.newPage()
    visitor = supabaseClient(target)
    const { error } = await visitor.auth.signInAnonymously()
    expect(error).toBeNull()
  })

  afterAll(async () => {
    await visitor?.removeAllChannels()
    await context?.close()
    await browser?.close()
  })

  const invoke = async <T>(name: string, body: Record<string, unknown>): Promise<T> => {
    const { data, error } = await visitor.functions.invoke(name, { body })
    if (error) {
      const detail = await (error as { context?: Response }).context?.text?.().catch(() => '')
      throw new Error(`${name} failed: ${error.message} ${detail ?? ''}`)
    }
    return data as T
  }

  it('the demo owner opens the conversations screen and it goes live', async () => {
    await signIn(admin, baseUrl, demo.person)
    await admin.goto(`${baseUrl}/stores/${demo.storeId}/conversations`)
    await admin.getByRole('heading', { level: 1, name: 'Conversations' }).waitFor()
    // The seeded conversations come from the server render.
    expect(await admin.getByTestId('session-item').count()).toBeGreaterThanOrEqual(4)
    await admin.getByRole('status', { name: 'Conversation list: Live' }).waitFor()
    // Survives only as long as this document does: a reload would lose it.
    await admin.evaluate(() => {
      ;(globalThis as unknown as { e2eSamePage: boolean }).e2eSamePage = true
    })
  })

  it('a visitor starts a conversation and it appears at the top of the list, live', async () => {
    const started = await invoke<{ session: { id: string; status: string } }>('chat/sessions', {
      chatbot: demo.chatbotPublicId,
    })
    sessionId = started.session.id
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/)
    // No reload: the session arrives over realtime (postgres_changes on chat_sessions).
    const item = admin.locator(`[data-session-id="${sessionId}"]`)
    await item.waitFor()
    expect(await admin.getByTestId('session-item').first().getAttribute('data-session-id')).toBe(sessionId)
    expect(await item.getByTestId('session-status').getAttribute('data-status')).toBe('bot')
  })

  it('the admin opens it and the transcript updates as the visitor and the bot write', async () => {
    await admin.locator(`[data-session-id="${sessionId}"] a`).click()
    await admin.waitForURL((url) => url.searchParams.get('session') === sessionId)
    const detail = admin.getByTestId('conversation-detail')
    await detail.getByRole('status', { name: 'Transcript: Live' }).waitFor()
    await detail.getByText('No messages yet.').waitFor()

    const question = `How long does shipping take? (${randomUUID().slice(0, 8)})`
    const answer = await invoke<ChatReply>('chat/messages', {
      session_id: sessionId,
      content: question,
      client_id: randomUUID(),
    })
    expect(answer.message.content).toBe(question)

    const messages = detail.getByTestId('transcript-message')
    await messages.filter({ hasText: question }).waitFor()
    if (answer.reply) {
      await messages.filter({ hasText: answer.reply.content.slice(0, 40) }).waitFor()
      expect(await messages.last().getAttribute('data-sender')).toBe('bot')
    }
    // Still the same document: nothing was reloaded.
    expect(await admin.evaluate(() => (globalThis as unknown as { e2eSamePage?: boolean }).e2eSamePage)).toBe(
      true,
    )
  })

  it('the admin marks it resolved, and the list says so', async () => {
    const detail = admin.getByTestId('conversation-detail')
    await detail.getByRole('button', { name: 'Mark resolved' }).click()
    const status = admin.locator(`[data-session-id="${sessionId}"]`).getByTestId('session-status')
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 30_000 }).toBe('resolved')
    await detail.getByRole('button', { name: 'Mark resolved' }).waitFor({ state: 'detached' })
  })

  it('a transcript that cannot be read says so, and is read again', async () => {
    // Another conversation first, then this one again: its transcript is read in the browser.
    await admin
      .locator(`[data-testid="session-item"]:not([data-session-id="${sessionId}"]) a`)
      .first()
      .click()
    let failing = true
    const reads = (url: URL) =>
      url.pathname.endsWith('/rest/v1/messages') && url.searchParams.get('session_id') === `eq.${sessionId}`
    await admin.route(reads, (route) =>
      failing && route.request().method() === 'GET'
        ? route.fulfill({
            status: 503,
            contentType: 'application/json',
            headers: { 'access-control-allow-origin': '*' },
            body: '{"message":"unavailable"}',
          })
        : route.continue(),
    )
    try {
      await admin.locator(`[data-session-id="${sessionId}"] a`).click()
      const detail = admin.getByTestId('conversation-detail')
      const alert = detail.getByRole('alert')
      await expect.poll(() => alert.textContent()).toContain('Could not read the messages')
      failing = false
      // Tried again by itself: no reload, no click.
      await detail.getByTestId('transcript-message').first().waitFor()
      await alert.waitFor({ state: 'detached' })
    } finally {
      await admin.unroute(reads)
    }
  })

  it('on a phone the list and the conversation are two screens, reachable by keyboard', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true })
    phone.setDefaultTimeout(90_000)
    try {
      const page = await phone.newPage()
      await signIn(page, baseUrl, demo.person)
      await page.goto(`${baseUrl}/stores/${demo.storeId}/conversations`)
      const list = page.getByRole('navigation', { name: 'Conversation list' })
      await list.waitFor()
      // Keyboard: Tab to the visitor's conversation and open it with Enter.
      const link = page.locator(`[data-session-id="${sessionId}"] a`)
      await link.focus()
      await page.keyboard.press('Enter')
      await page.waitForURL((url) => url.searchParams.get('session') === sessionId)
      await page.getByTestId('conversation-detail').waitFor()
      await list.waitFor({ state: 'hidden' })
      // Opened in the browser, the transcript is read there.
      await page.getByTestId('transcript-message').first().waitFor()
      await page.getByRole('link', { name: 'All conversations' }).click()
      await list.waitFor()
      await page.getByTestId('conversation-detail').waitFor({ state: 'detached' })
    } finally {
      await phone.close()
    }
  })

  it('a visitor writes through the widget embedded on the sample shop, and the admin watches it live', async () => {
    // The shop is served from the dashboard's other loopback name, so the widget runs cross-origin.
    const shop = new URL(baseUrl)
    shop.hostname = shop.hostname === 'localhost' ? '127.0.0.1' : 'localhost'
    const visitorContext = await browser.newContext({ viewport: { width: 390, height: 844 } })
    visitorContext.setDefaultTimeout(90_000)
    try {
      const shopper = await visitorContext.newPage()
      await shopper.goto(`${shop.origin}/sample-shop`)
      await shopper.getByRole('button', { name: /^Open chat/ }).click()
      const widget = shopper.frameLocator('iframe[title^="Chat"]')
      const text = `Do you ship to Norway? (${randomUUID().slice(0, 8)})`
      const composer = widget.getByLabel('Your message')
      await composer.fill(text)
      await composer.press('Enter')
      const root = widget.getByTestId('parley-widget')
      await expect
        .poll(() => root.getAttribute('data-session'), { timeout: 60_000 })
        .toMatch(/^[0-9a-f-]{36}$/)
      const id = (await root.getAttribute('data-session')) as string

      // The admin's list, open since the first step, shows the new conversation without a reload.
      const item = admin.locator(`[data-session-id="${id}"]`)
      await item.waitFor()
      await item.locator('a').click()
      const detail = admin.getByTestId('conversation-detail')
      await detail.getByTestId('transcript-message').filter({ hasText: text }).waitFor()
      // The bot's answer follows in the same transcript.
      await detail.locator('[data-testid="transcript-message"][data-sender="bot"]').first().waitFor()
      expect(
        await admin.evaluate(() => (globalThis as unknown as { e2eSamePage?: boolean }).e2eSamePage),
      ).toBe(true)
    } finally {
      await visitorContext.close()
    }
  })
})
