import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from '../src/browser.ts'

/**
 * The widget's side of a handoff to Chatwoot, in a real Chromium on the sample shop: asking for a person
 * shows the store's usual reply time and business hours; while the handoff cannot reach the team (the
 * outbox marks the session's handoff as failing) the store's phone and e-mail are offered; an agent's
 * reply (a `messages` row from the Chatwoot webhook) arrives live.
 */
const demoStore = 'de000000-0000-4000-8000-000000000010'

function otherOrigin(base: string): string {
  const url = new URL(base)
  url.hostname = url.hostname === 'localhost' ? '127.0.0.1' : 'localhost'
  return url.origin
}

describe('handoff in the widget', () => {
  const baseUrl = inject('baseUrl')
  const supabase = inject('supabase')
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
    await context?.close()
    await browser?.close()
    await patchStore({ business_hours: {}, reply_time: null, fallback_phone: null, fallback_email: null })
  })

  it('says when a person will answer, offers the fallback contact while Chatwoot is unreachable, and shows the reply live', async () => {
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

    // Chatwoot unreachable: the handoff job fails and waits for its next attempt, which the outbox
    // mirrors onto the session. Done here to the job itself (postponed, so no dispatcher delivers it
    // meanwhile); a job some dispatcher already delivered is marked on the session instead.
    await expect
      .poll(
        async () => {
          const failed = await rest<unknown[]>(
            `outbox?topic=eq.chatwoot.handoff&status=eq.pending&payload->>session_id=eq.${sessionId}`,
            {
              method: 'PATCH',
              body: JSON.stringify({
                last_error: 'Chatwoot could not be reached: connection refused',
                next_attempt_at: new Date(Date.now() + 3_600_000).toISOString(),
              }),
            },
          )
          if (failed.length) return true
          const done = await rest<unknown[]>(
            `outbox?select=id&topic=eq.chatwoot.handoff&status=eq.done&payload->>session_id=eq.${sessionId}`,
          )
          if (!done.length) return false
          await rest(`chat_sessions?id=eq.${sessionId}`, {
            method: 'PATCH',
            body: JSON.stringify({ handoff_state: 'failing' }),
          })
          return true
        },
        { timeout: 60_000 },
      )
      .toBe(true)
    const fallback = widget.getByTestId('handoff-fallback')
    await fallback.waitFor()
    expect(await fallback.textContent()).toContain('call +43 512 123456 or e-mail help@acme.example')

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
