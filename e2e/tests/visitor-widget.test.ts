import { createHmac } from 'node:crypto'
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from '../src/browser.ts'
import { otherOrigin } from '../src/origins.ts'

/**
 * A shopper on the demo store's page (a different origin from the dashboard, as on a real store) opens
 * the embedded widget and chats with the seeded chatbot Scout: an FAQ answered live, a message written
 * offline that arrives exactly once, a lost response retried without a duplicate, the FAQ tab, History.
 */

// The Supabase CLI's (and devstack's) well-known local service key; only used to check the database.
const SERVICE_KEY =
  process.env.E2E_SERVICE_ROLE_KEY ??
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU'

/** The same page under the other loopback name, so the widget (served by baseUrl) is cross-origin. */

type Backend = 'chat' | 'realtime'
const BACKENDS: Record<Backend, string> = {
  chat: 'the chat edge function (supabase/functions/chat, engineer C)',
  realtime: 'devstack realtime (/realtime/v1, engineer R)',
}

describe('visitor chat through the embedded widget', () => {
  const baseUrl = inject('baseUrl')
  const shopUrl = `${otherOrigin(baseUrl)}/sample-shop`
  let supabaseUrl: string
  const available: Record<Backend, boolean> = { chat: false, realtime: false }
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let widget: FrameLocator
  let sessionId: string

  /** Fails with the name of the missing backend, so a red run says who has not landed yet. */
  const needs = (...backends: Backend[]) => {
    const missing = backends.filter((b) => !available[b])
    if (missing.length) {
      throw new Error(
        `this step needs ${missing.map((b) => BACKENDS[b]).join(' and ')}, which is not available`,
      )
    }
  }

  const rest = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(`${supabaseUrl}/rest/v1/${path}`, {
      ...init,
      headers: {
        apikey: SERVICE_KEY,
        Authorization: `Bearer ${SERVICE_KEY}`,
        'Content-Type': 'application/json',
        Prefer: 'return=representation',
        ...init.headers,
      },
    })
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
    return (await response.json()) as T
  }

  const storedMessages = (content: string) =>
    rest<{ id: number; sender: string }[]>(
      `messages?select=id,sender&session_id=eq.${sessionId}&content=eq.${encodeURIComponent(content)}`,
    )

  const customerBubbles = (text: string) =>
    widget.locator('[data-testid="chat-message"][data-sender="customer"]', { hasText: text })

  const ask = async (text: string) => {
    const composer = widget.getByLabel('Your message')
    await composer.fill(text)
    await composer.press('Enter')
  }

  beforeAll(async () => {
    // The widget page tells its API URL (public, in its bundle anyway).
    const html = await (await fetch(`${baseUrl}/widget/acmeoutdoor0001`)).text()
    const found = html.match(/data-supabase-url="([^"]+)"/)
    if (!found?.[1]) throw new Error('the widget page did not render its Supabase URL')
    supabaseUrl = found[1]
    const chat = await fetch(`${supabaseUrl}/functions/v1/chat/sessions`, { method: 'POST', body: '{}' })
    available.chat = chat.status !== 404
    const realtime = await fetch(`${supabaseUrl}/realtime/v1/api/broadcast`, { method: 'POST', body: '{}' })
    available.realtime = realtime.status !== 501 && realtime.status !== 404

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

  it('the shop page shows only a launcher; the chat loads in a cross-origin iframe when opened', async () => {
    const widgetRequests: string[] = []
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname
      if (path === '/widget/acmeoutdoor0001' || path.startsWith('/widget/assets/')) widgetRequests.push(path)
    })
    await page.goto(shopUrl)
    await page.getByRole('heading', { name: 'Ridgeline 45 L trekking backpack' }).waitFor()
    const launcher = page.getByRole('button', { name: /^Open chat/ })
    await launcher.waitFor()
    // Themed from the chatbot's settings (the seed's colour), without any chat UI yet.
    // (the first request compiles the settings route in `next dev`: slow on a cold start)
    await expect.poll(() => launcher.getAttribute('aria-label'), { timeout: 90_000 }).toBe('Open chat: Scout')
    expect(await page.locator('iframe').count()).toBe(0)
    expect(widgetRequests).toEqual([])

    await launcher.click()
    const frame = page.locator('iframe[title^="Chat"]')
    await frame.waitFor()
    expect(new URL((await frame.getAttribute('src')) as string).origin).toBe(new URL(baseUrl).origin)
    expect(new URL(page.url()).origin).not.toBe(new URL(baseUrl).origin)
    widget = page.frameLocator('iframe[title^="Chat"]')
    await widget.getByRole('heading', { name: 'Scout' }).waitFor()
    await widget.getByText('Ask me about orders, shipping, returns or the right size.').waitFor()
    for (const name of ['Chat', 'FAQ', 'History']) await widget.getByRole('tab', { name }).waitFor()
    expect(await page.getByRole('button', { name: 'Close chat' }).getAttribute('aria-expanded')).toBe('true')
    // The first open downloads what the Chat tab needs; the FAQ and History tabs' code comes when opened.
    expect(widgetRequests).toContain('/widget/acmeoutdoor0001')
    expect(widgetRequests.filter((path) => /\/(faq|history)-tab-/.test(path))).toEqual([])
  })

  it('an FAQ question gets its answer, and the team’s messages and typing arrive live', async () => {
    needs('chat')
    // The host page's event API sees the bot's messages (as text, to do with as it likes).
    await page.evaluate(() => {
      const g = globalThis as unknown as {
        got: unknown[]
        $parley: { on: (e: string, cb: (m: unknown) => void) => void }
      }
      g.got = []
      g.$parley.on('message', (m) => g.got.push(m))
    })
    await ask('How long does shipping take?')
    await customerBubbles('How long does shipping take?').waitFor()
    await widget
      .locator('[data-testid="chat-message"][data-sender="bot"]', { hasText: '2-4 working days' })
      .waitFor()
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as { got: { sender: string }[] }).got))
      .toEqual([
        expect.objectContaining({ sender: 'bot', content: expect.stringContaining('2-4 working days') }),
      ])
    sessionId = (await widget.getByTestId('parley-widget').getAttribute('data-session')) as string
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/)

    needs('realtime')
    await expect
      .poll(() => widget.getByTestId('parley-widget').getAttribute('data-connection'), { timeout: 30_000 })
      .toBe('live')
    // Typing, as the chat function (or an agent's dashboard) broadcasts it on session:<id>.
    const broadcast = await fetch(`${supabaseUrl}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: {
        apikey: SERVICE_KEY,
        Authorization: `Bearer ${SERVICE_KEY}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        messages: [
          {
            topic: `session:${sessionId}`,
            event: 'typing',
            payload: { sender: 'agent', typing: true },
            private: true,
          },
        ],
      }),
    })
    expect(broadcast.status).toBeLessThan(300)
    await widget.getByText('An agent is typing…').waitFor()
    // A message stored by someone else (here: straight into the database) shows up without a reload.
    const [session] = await rest<{ store_id: string }[]>(`chat_sessions?select=store_id&id=eq.${sessionId}`)
    await rest('messages', {
      method: 'POST',
      body: JSON.stringify({
        store_id: session?.store_id,
        session_id: sessionId,
        sender: 'agent',
        content: 'Hi, Sam from Acme here: anything else about your order?',
      }),
    })
    await widget.getByText('Hi, Sam from Acme here: anything else about your order?').waitFor()
    expect(await widget.getByText('An agent is typing…').count()).toBe(0)
  })

  it('a message written offline is queued and stored exactly once after reconnecting', async () => {
    needs('chat')
    const text = `Is the Ridgeline waterproof? (${Date.now()})`
    await context.setOffline(true)
    await widget.getByText("You're offline.", { exact: false }).waitFor()
    await ask(text)
    const bubble = customerBubbles(text)
    await expect.poll(() => bubble.getAttribute('data-state')).toBe('queued')
    expect(await storedMessages(text)).toEqual([])

    await context.setOffline(false)
    await expect.poll(() => bubble.getAttribute('data-state'), { timeout: 60_000 }).toBe('stored')
    expect(await customerBubbles(text).count()).toBe(1)
    expect(await storedMessages(text)).toHaveLength(1)
  })

  it('a send whose response is lost is retried with the same client id and stored once', async () => {
    needs('chat')
    const text = `Do you ship to Norway? (${Date.now()})`
    const posts: string[] = []
    const retried: number[] = []
    // The first POST reaches the chat function (and is stored), but the widget never sees the answer.
    await context.route('**/functions/v1/chat/messages', async (route) => {
      if (route.request().method() !== 'POST') return route.continue()
      posts.push(JSON.parse(route.request().postData() ?? '{}').client_id)
      if (posts.length === 1) {
        await route.fetch()
        return route.abort('connectionreset')
      }
      const response = await route.fetch()
      retried.push(response.status())
      return route.fulfill({ response })
    })
    try {
      await ask(text)
      const bubble = customerBubbles(text)
      // The widget retries by itself (realtime may already have shown the stored row meanwhile).
      await expect.poll(() => retried, { timeout: 60_000 }).toEqual([200])
      expect(new Set(posts).size).toBe(1)
      await expect.poll(() => bubble.getAttribute('data-state')).toBe('stored')
      expect(await customerBubbles(text).count()).toBe(1)
      expect(await storedMessages(text)).toHaveLength(1)
    } finally {
      await context.unroute('**/functions/v1/chat/messages')
    }
  })

  it('the FAQ tab sends a question in one click', async () => {
    needs('chat')
    await widget.getByRole('tab', { name: 'FAQ' }).click()
    // Only the selected tab's panel shows.
    await widget.getByLabel('Your message').waitFor({ state: 'hidden' })
    await widget.getByRole('button', { name: 'What is your return policy?' }).click()
    expect(await widget.getByRole('tab', { name: 'Chat' }).getAttribute('aria-selected')).toBe('true')
    await customerBubbles('What is your return policy?').waitFor()
    await widget.locator('[data-testid="chat-message"][data-sender="bot"]', { hasText: '30 days' }).waitFor()
  })

  it('History lists the conversation; an earlier one can be read and resumed', async () => {
    needs('chat')
    // A second conversation, so there is an earlier one to go back to.
    await widget.getByRole('button', { name: 'New conversation' }).click()
    await ask('How much does shipping cost?')
    await widget.locator('[data-testid="chat-message"][data-sender="bot"]', { hasText: 'EUR 4.95' }).waitFor()
    const second = await widget.getByTestId('parley-widget').getAttribute('data-session')
    expect(second).not.toBe(sessionId)

    await widget.getByRole('tab', { name: 'History' }).click()
    const items = widget.getByTestId('history-session')
    await expect.poll(() => items.count(), { timeout: 30_000 }).toBe(2)
    await items.filter({ hasNotText: 'current' }).click()
    await widget
      .getByRole('log', { name: 'Earlier conversation' })
      .getByText('How long does shipping take?', { exact: true })
      .waitFor()
    await widget.getByRole('button', { name: 'Continue this conversation' }).click()
    expect(await widget.getByTestId('parley-widget').getAttribute('data-session')).toBe(sessionId)
    await customerBubbles('How long does shipping take?').waitFor()
  })

  it('asking for a person hands the conversation over, and the widget says so', async () => {
    needs('chat')
    await ask('Can I talk to a real person please?')
    await widget.getByText("We're getting a person from Acme Outdoor to help.", { exact: false }).waitFor()
    const [row] = await rest<{ status: string }[]>(`chat_sessions?select=status&id=eq.${sessionId}`)
    expect(['queued', 'human']).toContain(row?.status)
  })

  it('without realtime the widget says it is reconnecting and still shows replies and the team’s messages', async () => {
    needs('chat')
    const cut = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    cut.setDefaultTimeout(90_000)
    try {
      // Every realtime socket is closed at once, as when the realtime server is down.
      await cut.routeWebSocket(/\/realtime\/v1\//, (ws) => ws.close())
      const p = await cut.newPage()
      await p.goto(shopUrl)
      await p.getByRole('button', { name: /^Open chat/ }).click()
      const w = p.frameLocator('iframe[title^="Chat"]')
      await w.getByLabel('Your message').fill('How long does shipping take?')
      await w.getByLabel('Your message').press('Enter')
      await w
        .locator('[data-testid="chat-message"][data-sender="bot"]', { hasText: '2-4 working days' })
        .waitFor()
      await w.getByText('Reconnecting…', { exact: false }).waitFor()
      const sid = await w.getByTestId('parley-widget').getAttribute('data-session')
      const [session] = await rest<{ store_id: string }[]>(`chat_sessions?select=store_id&id=eq.${sid}`)
      await rest('messages', {
        method: 'POST',
        body: JSON.stringify({
          store_id: session?.store_id,
          session_id: sid,
          sender: 'agent',
          content: 'Polling still brings this one.',
        }),
      })
      await w.getByText('Polling still brings this one.').waitFor({ timeout: 30_000 })
    } finally {
      await cut.close()
    }
  })

  it('a customer verified by the store (setUser + identifier_hash) gets the same history on another device', async () => {
    needs('chat')
    const [secret] = await rest<{ identity_secret: string }[]>(
      'chatbot_secrets?select=identity_secret&chatbot_id=eq.de000000-0000-4000-8000-000000000020',
    )
    const identifier = `customer-${Date.now()}`
    // What the store's backend computes (Chatwoot's identifier_hash).
    const hash = createHmac('sha256', secret?.identity_secret as string)
      .update(identifier)
      .digest('hex')
    const device = async () => {
      const c = await browser.newContext({ viewport: { width: 390, height: 760 } })
      c.setDefaultTimeout(90_000)
      return c
    }

    // Phone 1: the host calls the live API after the loader is in.
    const phone = await device()
    try {
      const p = await phone.newPage()
      await p.goto(shopUrl)
      await p.waitForFunction(
        () => (globalThis as { $parley?: { loaded?: boolean } }).$parley?.loaded === true,
      )
      await p.evaluate(
        ([id, h]) => {
          const api = (globalThis as unknown as { $parley: { setUser: (i: string, o: object) => void } })
            .$parley
          api.setUser(id as string, { identifier_hash: h, name: 'Jo <b>Shopper</b>' })
        },
        [identifier, hash],
      )
      await p.getByRole('button', { name: /^Open chat/ }).click()
      const w = p.frameLocator('iframe[title^="Chat"]')
      // Full screen on a phone.
      const box = await p.locator('iframe[title^="Chat"]').boundingBox()
      expect(box).toMatchObject({ x: 0, y: 0, width: 390, height: 760 })
      await w.getByLabel('Your message').fill('Do you ship outside the EU?')
      await w.getByLabel('Your message').press('Enter')
      // The bot answers or asks which question is meant; either way, a reply.
      await w.locator('[data-testid="chat-message"][data-sender="bot"]').waitFor()
      const sid = await w.getByTestId('parley-widget').getAttribute('data-session')
      const [row] = await rest<{ contacts: { external_id: string; verified: boolean } | null }[]>(
        `chat_sessions?select=contacts(external_id,verified)&id=eq.${sid}`,
      )
      expect(row?.contacts).toEqual({ external_id: identifier, verified: true })
    } finally {
      await phone.close()
    }

    // Phone 2: the call is queued before /widget.js loads (window.$parley as an array), then replayed.
    const other = await device()
    try {
      await other.addInitScript(
        ([id, h]) => {
          ;(globalThis as unknown as { $parley: unknown[] }).$parley = [
            ['setUser', id, { identifier_hash: h }],
          ]
        },
        [identifier, hash],
      )
      const p = await other.newPage()
      await p.goto(shopUrl)
      await p.getByRole('button', { name: /^Open chat/ }).click()
      const w = p.frameLocator('iframe[title^="Chat"]')
      await w.getByRole('tab', { name: 'History' }).click()
      // Opening the widget as a verified customer linked this device; the current session is a new one.
      const earlier = w.getByTestId('history-session').filter({ hasNotText: 'current' })
      await expect.poll(() => earlier.count(), { timeout: 30_000 }).toBe(1)
      await earlier.click()
      await w
        .getByRole('log', { name: 'Earlier conversation' })
        .getByText('Do you ship outside the EU?', { exact: true })
        .waitFor()
    } finally {
      await other.close()
    }

    // A forged hash links nothing: that visitor sees no history but can still chat.
    const stranger = await device()
    try {
      const p = await stranger.newPage()
      await p.addInitScript(
        ([id]) => {
          ;(globalThis as unknown as { $parley: unknown[] }).$parley = [
            ['setUser', id, { identifier_hash: 'ab'.repeat(32) }],
          ]
        },
        [identifier],
      )
      await p.goto(shopUrl)
      await p.getByRole('button', { name: /^Open chat/ }).click()
      const w = p.frameLocator('iframe[title^="Chat"]')
      await w.getByLabel('Your message').fill('How much does shipping cost?')
      await w.getByLabel('Your message').press('Enter')
      await w.locator('[data-testid="chat-message"][data-sender="bot"]', { hasText: 'EUR 4.95' }).waitFor()
      await w.getByRole('tab', { name: 'History' }).click()
      const items = w.getByTestId('history-session')
      await expect.poll(() => items.count(), { timeout: 30_000 }).toBe(1)
      await items.click()
      const transcript = w.getByRole('log', { name: 'Earlier conversation' })
      await transcript.getByText('How much does shipping cost?', { exact: true }).waitFor()
      expect(await transcript.getByText('Do you ship outside the EU?', { exact: true }).count()).toBe(0)
    } finally {
      await stranger.close()
    }
  })

  it('preview mode (the dashboard’s appearance editor) applies an unsaved theme as text and sends nothing', async () => {
    const p = await context.newPage()
    try {
      // A page of the dashboard's own origin framing the preview, as the appearance editor does.
      await p.goto(`${baseUrl}/widget.js`)
      await p.setContent(
        `<iframe id="preview" title="Widget preview" src="${baseUrl}/widget/acmeoutdoor0001?preview=1"></iframe>`,
      )
      const w = p.frameLocator('#preview')
      await w.getByRole('heading', { name: 'Scout' }).waitFor()
      await p.evaluate(() => {
        const frame = (globalThis as unknown as { document: { getElementById(id: string): unknown } })
          .document
        const win = (
          frame.getElementById('preview') as { contentWindow: { postMessage(m: unknown, o: string): void } }
        ).contentWindow
        win.postMessage(
          {
            type: 'parley:preview-theme',
            theme: { color: '#7c3aed', title: 'Scout <b>beta</b>' },
            greeting: 'Hey there',
          },
          (globalThis as unknown as { location: { origin: string } }).location.origin,
        )
      })
      await w.getByRole('heading', { name: 'Scout <b>beta</b>' }).waitFor()
      await w.getByText('Hey there').waitFor()
      expect(await w.getByLabel('Your message').isDisabled()).toBe(true)
    } finally {
      await p.close()
    }
  })

  it('Escape closes the widget and gives the focus back to the launcher', async () => {
    await widget.getByLabel('Your message').focus()
    await page.keyboard.press('Escape')
    const launcher = page.getByRole('button', { name: /^Open chat/ })
    await launcher.waitFor()
    // (runs in the page: `el.ownerDocument` is the shop's document)
    expect(await launcher.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true)
    expect(await page.locator('iframe[title^="Chat"]').isVisible()).toBe(false)

    // A reply while the chat is closed shows as a count on the launcher.
    needs('chat', 'realtime')
    const [session] = await rest<{ store_id: string }[]>(`chat_sessions?select=store_id&id=eq.${sessionId}`)
    await rest('messages', {
      method: 'POST',
      body: JSON.stringify({
        store_id: session?.store_id,
        session_id: sessionId,
        sender: 'agent',
        content: 'Your parcel left our warehouse today.',
      }),
    })
    await page.getByRole('button', { name: 'Open chat: Scout (1 new)' }).waitFor()
    await page.getByRole('button', { name: 'Open chat: Scout (1 new)' }).click()
    await widget.getByText('Your parcel left our warehouse today.').waitFor()
    expect(await page.getByRole('button', { name: 'Close chat' }).textContent()).toBe('')
  })
})
