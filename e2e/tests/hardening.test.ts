import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from '../src/browser.ts'
import { signUp } from '../src/dashboard.ts'
import { newPerson } from '../src/people.ts'

/**
 * What an attacker tried, as a person meets it in the browser: a crafted return path after signing in stays
 * on the dashboard; another site cannot frame the dashboard (the widget it may); a guessed password makes
 * the account wait, the form says so and keeps what was typed.
 */
const demo = { email: 'demo@parley.dev', password: 'parley-demo-2026' }

describe('hardening', () => {
  const baseUrl = inject('baseUrl')
  let browser: Browser

  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  const freshPage = async (): Promise<Page> => (await browser.newContext()).newPage()

  async function submitSignIn(page: Page, email: string, password: string) {
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(password)
    await page.getByRole('button', { name: 'Sign in' }).click()
  }

  it('a crafted ?next= never takes a signed-in person to another host', async () => {
    for (const next of ['/\t/evil.example/phish', '/\\evil.example', '/%2F%2Fevil.example']) {
      const page = await freshPage()
      await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`)
      await submitSignIn(page, demo.email, demo.password)
      await page.waitForURL((url) => !url.pathname.startsWith('/login'))
      expect(new URL(page.url()).origin, next).toBe(new URL(baseUrl).origin)
      await page.context().close()
    }
  })

  it('another site cannot frame the dashboard, but may frame the chat widget', async () => {
    const host: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(`<!doctype html><title>elsewhere</title>
        <iframe name="login" src="${baseUrl}/login"></iframe>
        <iframe name="widget" src="${baseUrl}/widget/acmeoutdoor0001"></iframe>`)
    })
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve))
    try {
      const page = await freshPage()
      await page.goto(`http://127.0.0.1:${(host.address() as AddressInfo).port}/`)
      const widget = page.frameLocator('iframe[name="widget"]')
      await widget.getByRole('heading', { name: 'Scout' }).waitFor()
      // A refused frame never shows the page: Chromium puts its own error document there.
      await expect.poll(() => page.frame({ name: 'login' })?.url()).toMatch(/^chrome-error:/)
      expect(await page.frame({ name: 'login' })?.locator('input[name="password"]').count()).toBe(0)
      await page.context().close()
    } finally {
      await new Promise((resolve) => host.close(resolve))
    }
    const login = await fetch(`${baseUrl}/login`)
    expect(login.headers.get('x-content-type-options')).toBe('nosniff')
    expect(login.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
  })

  it('an oversized form post is refused with 413, one of unknown size with 411 (Next alone answered 500)', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024)
    const declared = await fetch(`${baseUrl}/login`, {
      method: 'POST',
      headers: { 'next-action': 'any', 'content-type': 'text/plain' },
      body: big,
    })
    expect(declared.status).toBe(413)
    const chunked = await fetch(`${baseUrl}/login`, {
      method: 'POST',
      headers: { 'next-action': 'any', 'content-type': 'text/plain' },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit)
    expect(chunked.status).toBe(411)
  })

  it('after failed passwords the account waits: the form says so and keeps what was typed', async () => {
    const person = newPerson('Guesser')
    const owner = await freshPage()
    await signUp(owner, baseUrl, person)
    await owner.context().close()

    const page = await freshPage()
    await page.goto(`${baseUrl}/login`)
    for (let i = 0; i < 5; i++) {
      await submitSignIn(page, person.email, `wrong-password-${i}`)
      await page.getByText('That email and password do not match an account.').waitFor()
      await page.locator('button:enabled', { hasText: 'Sign in' }).waitFor()
    }
    await submitSignIn(page, person.email, person.password)
    await page.getByText(/Too many failed sign-ins for this account\. Try again in \d+ seconds?\./).waitFor()
    expect(await page.getByLabel('Email').inputValue()).toBe(person.email)
    expect(await page.getByLabel('Password').inputValue()).toBe(person.password)

    // Once the wait is over the same submit works: nothing has to be typed again.
    await expect
      .poll(
        async () => {
          if (new URL(page.url()).pathname.startsWith('/login')) {
            await page.locator('button:enabled', { hasText: 'Sign in' }).click()
            await page.waitForURL(/\/stores$/, { timeout: 2000 }).catch(() => undefined)
          }
          return new URL(page.url()).pathname
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toBe('/stores')
    await page.context().close()
  })
})
