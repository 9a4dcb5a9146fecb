import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from '../src/browser.ts'
import { openShopChat } from '../src/origins.ts'

/**
 * A shopper over the chat's per-visitor limit (30 lines a minute, the chat function's default): the line
 * they write stays visibly queued, the widget says why in its live region, sends it again only when the
 * function's Retry-After has passed (not every few seconds, nor when they write more), and it is then
 * stored once and answered, followed by what they wrote meanwhile.
 */

const PER_MINUTE = 30

describe('a shopper over the chat limit keeps what they typed', () => {
  const baseUrl = inject('baseUrl')
  const { url: supabaseUrl, anonKey, serviceRoleKey } = inject('supabase')
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let widget: FrameLocator

  const chat = async <T>(token: string, route: string, body: unknown) => {
    const response = await fetch(`${supabaseUrl}/functions/v1/chat/${route}`, {
      method: 'POST',
      headers: { apikey: anonKey, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
    return { status: response.status, body: (await response.json()) as T }
  }

  const stored = async (content: string) => {
    const response = await fetch(
      `${supabaseUrl}/rest/v1/messages?select=id,sender&content=eq.${encodeURIComponent(content)}`,
      { headers: { apikey: serviceRoleKey, Authorization: `Bearer ${serviceRoleKey}` } },
    )
    return (await response.json()) as { id: number }[]
  }

  const replies = async (messageId: number) => {
    const response = await fetch(`${supabaseUrl}/rest/v1/messages?select=id&reply_to=eq.${messageId}`, {
      headers: { apikey: serviceRoleKey, Authorization: `Bearer ${serviceRoleKey}` },
    })
    return (await response.json()) as { id: number }[]
  }

  const bubble = (text: string) =>
    widget.locator('[data-testid="chat-message"][data-sender="customer"]', { hasText: text })

  const ask = async (text: string) => {
    const composer = widget.getByLabel('Your message')
    await composer.fill(text)
    await composer.press('Enter')
  }

  beforeAll(async () => {
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 390, height: 844 } })
    context.setDefaultTimeout(90_000)
    context.setDefaultNavigationTimeout(120_000)
    page = await context.newPage()
  })

  afterAll(async () => {
    await context?.close()
    await browser?.close()
  })

  it('the refused line stays queued with the reason shown, and is delivered once after Retry-After', async () => {
    const tokens: string[] = []
    page.on('request', (request) => {
      if (!request.url().endsWith('/functions/v1/chat/messages')) return
      const bearer = /^Bearer (.+)$/.exec(request.headers().authorization ?? '')?.[1]
      if (bearer) tokens.push(bearer)
    })
    widget = await openShopChat(page, baseUrl)
    await widget.getByRole('heading', { name: 'Scout' }).waitFor()

    // The shopper's first line starts their minute.
    await ask('How much does shipping cost?')
    await widget.locator('[data-testid="chat-message"][data-sender="bot"]').first().waitFor()

    // The same shopper (the token the widget sends: a third-party frame may not keep it in storage) uses up
    // the rest of the minute in a second conversation, as another tab of theirs would.
    const token = tokens.at(-1)
    if (!token) throw new Error('the widget sent no token')
    const other = await chat<{ session: { id: string } }>(token, 'sessions', { chatbot: 'acmeoutdoor0001' })
    expect(other.status).toBe(200)
    // All at once, so the minute is surely not over when the widget writes again.
    const burst = await Promise.all(
      Array.from({ length: PER_MINUTE - 1 }, (_, i) =>
        chat(token, 'messages', {
          session_id: other.body.session.id,
          content: `Line ${i + 1} from my other tab`,
          client_id: crypto.randomUUID(),
        }),
      ),
    )
    expect(burst.map((r) => r.status)).toEqual(Array(PER_MINUTE - 1).fill(200))

    const text = `Is the Ridgeline waterproof? (${Date.now()})`
    const sends: { status: number; retryAfter: number | null }[] = []
    page.on('response', async (response) => {
      const request = response.request()
      if (request.method() !== 'POST' || !request.url().endsWith('/functions/v1/chat/messages')) return
      if (!request.postData()?.includes(text)) return
      sends.push({ status: response.status(), retryAfter: Number(response.headers()['retry-after'] ?? NaN) })
    })
    await ask(text)

    // Refused: still on screen, marked queued, the reason read out; nothing stored yet.
    await expect.poll(() => sends.map((s) => s.status)).toEqual([429])
    await expect.poll(() => bubble(text).getAttribute('data-state')).toBe('queued')
    await expect.poll(() => bubble(text).textContent()).toContain('Queued, will be sent automatically')
    const notice = widget.getByTestId('send-notice')
    await expect.poll(() => notice.textContent()).toContain('Too many messages at once')
    expect(await notice.locator('xpath=ancestor::*[@aria-live="polite"]').count()).toBe(1)
    expect(await stored(text)).toEqual([])
    const wait = sends[0]?.retryAfter ?? 0
    expect(wait).toBeGreaterThan(5)
    // Writing more meanwhile queues it behind the first: nothing is sent before the wait is over.
    const next = `And the Summit jacket? (${Date.now()})`
    await ask(next)
    await expect.poll(() => bubble(next).getAttribute('data-state')).toBe('queued')

    // Sent again once the window is over: stored once, answered, the notice gone.
    await expect.poll(() => bubble(text).getAttribute('data-state'), { timeout: 120_000 }).toBe('stored')
    expect(sends.map((s) => s.status)).toEqual([429, 200])
    expect(await stored(text)).toHaveLength(1)
    await expect.poll(() => bubble(next).getAttribute('data-state')).toBe('stored')
    const [first, second] = [(await stored(text))[0]?.id ?? 0, (await stored(next))[0]?.id ?? 0]
    expect(second).toBeGreaterThan(first)
    expect(await bubble(text).count()).toBe(1)
    await expect.poll(() => notice.count()).toBe(0)
    const [line] = await stored(text)
    await expect.poll(async () => (await replies(line?.id ?? 0)).length).toBe(1)
  })
})
