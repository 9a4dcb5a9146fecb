import { randomUUID } from 'node:crypto'
import { strFromU8, unzipSync } from 'fflate'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from '../src/browser.ts'
import { signIn } from '../src/dashboard.ts'
import { otherOrigin } from '../src/origins.ts'
import { supabaseClient } from '../src/supabase.ts'

/**
 * Privacy in real Chromium: the loader on a shop page stores nothing and calls no Parley API until the shopper
 * opens the chat; the demo owner exports a contact's data (a zip with their file) and erases the contact from
 * the open conversation, after a confirmation, and both are in the audit log; the owner switches consent on and
 * a shopper is asked before the widget signs in or calls the chat, then chats.
 */
const demo = {
  person: { fullName: 'Dana Demo', email: 'demo@parley.dev', password: 'parley-demo-2026' },
  storeId: 'de000000-0000-4000-8000-000000000010',
  chatbotId: 'de000000-0000-4000-8000-000000000020',
}
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

/** The same page under the other loopback name, so the widget (served by baseUrl) is cross-origin. */

/** Where a slow journey is, in the log. */
const step = (what: string) => console.log(`[privacy e2e] ${new Date().toISOString()} ${what}`)

describe('privacy', () => {
  const baseUrl = inject('baseUrl')
  const target = inject('supabase')
  const service = supabaseClient(target, 'service')
  let browser: Browser
  let context: BrowserContext
  let page: Page

  beforeAll(async () => {
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })
    context.setDefaultTimeout(90_000)
    context.setDefaultNavigationTimeout(120_000)
    page = await context.newPage()
  })
  afterAll(async () => {
    await context?.close()
    await browser?.close()
  })

  it('the loader writes no cookie or storage and calls no API before the shopper opens the chat', async () => {
    const shop = await context.newPage()
    const requests: string[] = []
    shop.on('request', (r) => requests.push(r.url()))
    await shop.goto(`${otherOrigin(baseUrl)}/sample-shop`)
    const launcher = shop.getByRole('button', { name: /^Open chat/ })
    await launcher.waitFor()
    await expect.poll(() => launcher.getAttribute('aria-label'), { timeout: 90_000 }).toBe('Open chat: Scout')
    const stored = await shop.evaluate(
      '({ cookie: document.cookie, local: localStorage.length, session: sessionStorage.length })',
    )
    expect(stored).toEqual({ cookie: '', local: 0, session: 0 })
    expect(
      (await context.cookies()).filter(
        (c) => c.domain.includes('localhost') || c.domain.includes('127.0.0.1'),
      ),
    ).toEqual([])
    expect(await shop.locator('iframe').count()).toBe(0)
    const api = new URL(target.url).origin
    expect(requests.filter((u) => u.startsWith(api))).toEqual([])
    // Besides the page itself: the loader, and the launcher's public look from the loader's own origin.
    expect(
      requests
        .filter((u) => new URL(u).origin === new URL(baseUrl).origin)
        .map((u) => new URL(u).pathname)
        .filter((p) => p.startsWith('/widget')),
    ).toEqual(['/widget.js', '/widget/acmeoutdoor0001/settings'])

    await launcher.click()
    await shop.locator('iframe[title^="Chat"]').waitFor()
    await shop.close()
  })

  // A contact with a conversation and a photo, as the chat function leaves them.
  const name = `Pia Privacy ${randomUUID().slice(0, 6)}`
  let contact: { id: string } | null = null
  let session: { id: string } | null = null
  let path = ''

  it("the owner exports a contact's data with their file from the open conversation", async () => {
    const { data: createdContact, error: contactError } = await service
      .from('contacts')
      .insert({ store_id: demo.storeId, name, email: `pia-${randomUUID().slice(0, 8)}@example.com` })
      .select('id')
      .single()
    expect(contactError).toBeNull()
    contact = createdContact
    const { data: createdSession, error: sessionError } = await service
      .from('chat_sessions')
      .insert({ store_id: demo.storeId, chatbot_id: demo.chatbotId, contact_id: contact?.id, status: 'bot' })
      .select('id')
      .single()
    expect(sessionError).toBeNull()
    session = createdSession
    path = `${demo.storeId}/${session?.id}/${randomUUID()}.png`
    const upload = await service.storage
      .from('attachments')
      .upload(path, new Uint8Array(PNG), { contentType: 'image/png' })
    expect(upload.error).toBeNull()
    const { error: messageError } = await service.from('messages').insert({
      store_id: demo.storeId,
      session_id: session?.id as string,
      sender: 'customer',
      content: 'Please delete everything you have about me',
      attachments: [{ id: randomUUID(), path, name: 'receipt.png', type: 'image/png', size: PNG.length }],
    })
    expect(messageError).toBeNull()

    step('data ready')
    await signIn(page, baseUrl, demo.person)
    step('signed in')
    await page.goto(`${baseUrl}/stores/${demo.storeId}/conversations?session=${session?.id}`)
    const detail = page.getByTestId('conversation-detail')
    await detail.getByRole('heading', { name }).waitFor()

    step('conversation open')
    // The link downloads the zip; fetched here with the owner's cookies to read what it holds.
    const link = detail.getByRole('link', { name: 'Export data' })
    expect(await link.getAttribute('download')).not.toBeNull()
    const answer = await page.request.get(new URL((await link.getAttribute('href')) as string, baseUrl).href)
    expect(answer.status()).toBe(200)
    expect(answer.headers()['content-disposition']).toBe(`attachment; filename="contact-${contact?.id}.zip"`)
    const zip = unzipSync(new Uint8Array(await answer.body()))
    const exported = JSON.parse(strFromU8(zip['contact.json'] ?? new Uint8Array()))
    expect(exported.contact.name).toBe(name)
    expect(exported.conversations[0].messages[0].content).toBe('Please delete everything you have about me')
    const files = Object.keys(zip).filter((f) => f.startsWith('files/'))
    expect(files).toHaveLength(1)
    expect(files[0]).toMatch(/receipt\.png$/)
    expect(Buffer.from(zip[files[0] ?? ''] ?? []).equals(PNG)).toBe(true)
    step('exported')
  })

  it('the owner erases the contact everywhere after a confirmation; both requests are audited', async () => {
    const detail = page.getByTestId('conversation-detail')

    await detail.getByRole('button', { name: 'Erase contact' }).click()
    const dialog = page.getByRole('alertdialog')
    await dialog.getByRole('heading', { name: `Erase ${name}?` }).waitFor()
    await dialog.getByRole('button', { name: 'Erase everywhere' }).click()
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(() => page.locator(`[data-session-id="${session?.id}"]`).count()).toBe(0)
    step('erased')

    // Gone from Parley and, through its job, from Storage; both requests audited.
    expect(
      (
        await service
          .from('contacts')
          .select('id')
          .eq('id', contact?.id as string)
      ).data,
    ).toEqual([])
    expect(
      (
        await service
          .from('chat_sessions')
          .select('id')
          .eq('id', session?.id as string)
      ).data,
    ).toEqual([])
    await expect
      .poll(async () => (await service.storage.from('attachments').download(path)).data, { timeout: 60_000 })
      .toBeNull()
    const { data: audit } = await service
      .from('audit_log')
      .select('action')
      .eq('target', `contact:${contact?.id}`)
      .order('id')
    expect(audit?.map((a) => a.action)).toEqual(['contact.exported', 'contact.erased'])
  })

  it('the owner switches consent on; a shopper is asked first in German, and nothing is stored before they agree', async () => {
    const marker = randomUUID().slice(0, 8)
    const text = `We keep this chat so that we can answer you (${marker}).`
    const german = `Wir speichern diesen Chat, damit wir Ihnen antworten können (${marker}).`
    try {
      // The German variant, as the Languages of the Consent tab would have saved it.
      await service
        .from('chatbots')
        .update({ consent_texts: { de: german } })
        .eq('id', demo.chatbotId)
      // The owner, on the chatbot screen: the preview asks with the unsaved text; saving makes a new version.
      await page.goto(`${baseUrl}/stores/${demo.storeId}/chatbots/${demo.chatbotId}?tab=consent`)
      const form = page.getByRole('form', { name: 'Consent' })
      await form.getByRole('checkbox', { name: 'Ask for consent before the chat' }).click()
      await form.getByLabel(/^Consent text/).fill(text)
      const preview = page.frameLocator('iframe[title="Consent preview"]')
      await preview.getByText(text).waitFor()
      await form.getByRole('button', { name: 'Save consent' }).click()
      await form.getByText(/Consent settings saved \(text version \d+\)/).waitFor()
      const { data: bot } = await service
        .from('chatbots')
        .select('consent_required, consent_version')
        .eq('id', demo.chatbotId)
        .single()
      expect(bot?.consent_required).toBe(true)
      step('consent switched on')

      // A shopper on the sample shop (a fresh browser): asked before anything, and no Parley call stores a thing.
      const shopper = await browser.newContext({ viewport: { width: 390, height: 844 } })
      shopper.setDefaultTimeout(90_000)
      const shop = await shopper.newPage()
      const calls: string[] = []
      shop.on('request', (r) => {
        const path = new URL(r.url()).pathname
        if (r.method() === 'POST' && /\/(auth\/v1|functions\/v1)\//.test(path)) calls.push(path)
      })
      await shop.goto(`${otherOrigin(baseUrl)}/sample-shop`)
      await shop.getByRole('button', { name: /^Open chat/ }).waitFor()
      await shop.evaluate(() => {
        const parley = (globalThis as unknown as { $parley: { setLocale(l: string): void; open(): void } })
          .$parley
        parley.setLocale('de')
        parley.open()
      })
      const widget = shop.frameLocator('iframe[title^="Chat"]')
      const ask = widget.getByTestId('consent')
      await ask.getByText(german).waitFor()
      expect(await widget.getByLabel('Your message').count()).toBe(0)
      expect(calls).toEqual([])
      expect(
        (
          await service
            .from('consents')
            .select('id')
            .eq('chatbot_id', demo.chatbotId)
            .like('consent_text', `%${marker}%`)
        ).data,
      ).toEqual([])

      await ask.getByRole('button', { name: 'Zustimmen und chatten' }).click()
      const composer = widget.getByLabel('Ihre Nachricht')
      await composer.fill(`Hello after consent ${marker}`)
      await composer.press('Enter')
      await widget
        .locator('[data-testid="chat-message"][data-sender="customer"]', { hasText: marker })
        .waitFor()
      // Kept with the words the shopper read: the German ones.
      const { data: agreed } = await service
        .from('consents')
        .select('visitor_id, consent_version, consent_text, language')
        .eq('chatbot_id', demo.chatbotId)
        .like('consent_text', `%${marker}%`)
      expect(agreed).toHaveLength(1)
      expect(agreed?.[0]).toMatchObject({
        consent_version: bot?.consent_version,
        consent_text: german,
        language: 'de',
      })
      await expect
        .poll(
          async () =>
            (await service.from('messages').select('id').like('content', `%${marker}%`)).data?.length,
        )
        .toBe(1)
      await shopper.close()

      // The owner sees who agreed (an anonymous visitor), in which language and to which version, and opens
      // their conversation from there.
      await page.reload()
      const row = page
        .getByRole('region', { name: 'Who agreed' })
        .getByTestId('consent-row')
        .filter({ hasText: agreed?.[0]?.visitor_id?.slice(0, 8) ?? '-' })
      await row.getByText('Anonymous visitor').waitFor()
      await row.getByText('German').waitFor()
      await row.getByRole('link', { name: 'Anonymous visitor' }).click()
      await page.getByTestId('conversation-detail').getByText(`Hello after consent ${marker}`).waitFor()
    } finally {
      // The demo chatbot is shared with the other journeys.
      await service
        .from('chatbots')
        .update({ consent_required: false, consent_texts: {} })
        .eq('id', demo.chatbotId)
    }
  })
})
