import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from '../src/browser.ts'
import { createStore, signIn, signUp } from '../src/dashboard.ts'
import { newPerson, storeName } from '../src/people.ts'
import { supabaseClient } from '../src/supabase.ts'

/**
 * What the bot in those conversations knows: an owner creates a chatbot, imports FAQs from a CSV file
 * (bad rows are shown and skipped), pastes a knowledge document that the database chunks, and copies
 * the embed code. A new store per run, so the demo chatbot is left alone.
 */
describe('chatbot content', () => {
  const baseUrl = inject('baseUrl')
  const owner = newPerson('Cora')
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let storeId: string

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

  it('an owner creates a chatbot from the store page', async () => {
    await signUp(page, baseUrl, owner)
    storeId = await createStore(page, baseUrl, storeName('Canoe Corner'))
    await page.getByRole('link', { name: 'Chatbots' }).click()
    await page.getByText('No chatbots yet').waitFor()
    await page.getByLabel('Chatbot name').fill('Paddle')
    await page.getByRole('button', { name: 'Create chatbot' }).click()
    await page.waitForURL(new RegExp(`/stores/${storeId}/chatbots/[0-9a-f-]{36}$`))
    await page.getByRole('heading', { level: 1, name: 'Paddle' }).waitFor()
    await page.getByText('No FAQs yet').waitFor()
  })

  it('imports FAQs from a CSV file, showing which rows were rejected and why', async () => {
    const csv = [
      'question,answer',
      '"Do you rent canoes?","Yes, by the day or the week."',
      '"What should I bring?","Water, sun cream and ""dry"" clothes.\nWe provide life jackets."',
      ',An answer without a question',
      '"Where do trips start?",',
      '"Are dogs allowed?","Yes, with a dog life jacket."',
    ].join('\n')
    const form = page.getByRole('form', { name: 'Import FAQs from CSV' })
    await form
      .getByLabel('CSV file')
      .setInputFiles({ name: 'faqs.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    const preview = form.getByTestId('csv-preview')
    await preview.getByText('3 rows ready to import, 2 rejected').waitFor()
    expect(await form.getByTestId('rejected-row').allTextContents()).toEqual([
      'Line 4: The question is empty.',
      'Line 5: The answer is empty.',
    ])
    await form.getByRole('button', { name: 'Import 3 FAQs' }).click()
    await form.getByText('Imported 3 FAQs; 2 rows were skipped.').waitFor()
    await expect
      .poll(() => page.getByTestId('faq-question').allTextContents(), { timeout: 30_000 })
      .toEqual(['Do you rent canoes?', 'What should I bring?', 'Are dogs allowed?'])
    await page.getByText('Water, sun cream and "dry" clothes.').waitFor()
  })

  it('reorders, edits and deletes an FAQ', async () => {
    await page.getByRole('button', { name: 'Move up: Are dogs allowed?' }).click()
    await expect
      .poll(() => page.getByTestId('faq-question').allTextContents(), { timeout: 30_000 })
      .toEqual(['Do you rent canoes?', 'Are dogs allowed?', 'What should I bring?'])

    await page.getByRole('button', { name: 'Edit: Do you rent canoes?' }).click()
    const edit = page.getByRole('form', { name: 'Edit FAQ' })
    await edit.getByLabel('Question').fill('Do you rent canoes and kayaks?')
    await edit.getByRole('button', { name: 'Save FAQ' }).click()
    await edit.waitFor({ state: 'detached' })
    await page.getByTestId('faq-question').filter({ hasText: 'Do you rent canoes and kayaks?' }).waitFor()

    await page.getByRole('button', { name: 'Delete: Are dogs allowed?' }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete FAQ' }).click()
    await expect
      .poll(() => page.getByTestId('faq-question').allTextContents(), { timeout: 30_000 })
      .toEqual(['Do you rent canoes and kayaks?', 'What should I bring?'])
  })

  it('pastes a knowledge document, which the database splits into chunks', async () => {
    await page.getByRole('tab', { name: 'Knowledge' }).click()
    await page.getByText('No knowledge documents yet').waitFor()
    const paragraph = (topic: string) =>
      `${topic}. ${'Our guides check the weather every morning and adapt the route to the water level. '.repeat(6)}`
    const text = ['River trips', 'Lake trips', 'Sea kayaking', 'Safety'].map(paragraph).join('\n\n')
    expect(text.length).toBeGreaterThan(1600)
    const form = page.getByRole('form', { name: 'Paste a document' })
    await form.getByLabel('Title').fill('Trips guide')
    await form.getByLabel('Text').fill(text)
    await form.getByRole('button', { name: 'Add document' }).click()
    await form.getByText('Added "Trips guide".').waitFor()
    const item = page.getByTestId('knowledge-item').filter({ hasText: 'Trips guide' })
    const chunks = await item.getByTestId('knowledge-chunks').textContent()
    // About 800 characters per chunk, split at paragraphs: a ~2 000 character text gives two or more.
    expect(Number.parseInt(chunks ?? '0', 10)).toBeGreaterThanOrEqual(2)

    // An upload that is not text is refused before it is sent.
    const upload = page.getByRole('form', { name: 'Upload documents' })
    await upload
      .getByLabel('Text files')
      .setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([1, 2, 3]) })
    await upload.getByText('photo.png: only .txt and .md files.').waitFor()
    await upload.getByLabel('Text files').setInputFiles({
      name: 'opening-hours.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from('# Opening hours\n\nWe are open every day from 9 to 18, April to October.'),
    })
    await upload.getByRole('button', { name: 'Upload' }).click()
    await upload.getByText('Uploaded 1 document.').waitFor()
    await page
      .getByTestId('knowledge-item')
      .filter({ hasText: 'opening-hours' })
      .getByText('1 chunk')
      .waitFor()
  })

  it('shows the embed code for this dashboard and the identity secret on request', async () => {
    await page.getByRole('tab', { name: 'Embed' }).click()
    const code = await page.getByRole('figure', { name: 'embed code' }).locator('code').textContent()
    expect(code).toMatch(
      new RegExp(`^<script src="${baseUrl}/widget.js" data-chatbot="[0-9a-f]{16}" async></script>$`),
    )
    const secret = page.getByTestId('identity-secret')
    expect(await secret.textContent()).not.toMatch(/[0-9a-f]{64}/)
    await page.getByRole('button', { name: 'Reveal' }).click()
    await expect.poll(() => secret.textContent(), { timeout: 30_000 }).toMatch(/^[0-9a-f]{64}$/)
  })

  it('previews unsaved appearance changes in the real widget, and saves them', async () => {
    await page.getByRole('tab', { name: 'Appearance' }).click()
    const form = page.getByRole('form', { name: 'Appearance' })
    // The real widget in preview mode; once it shows the chatbot it listens for unsaved changes.
    const preview = page.frameLocator('iframe[title="Widget preview"]')
    await preview.getByText('Paddle').first().waitFor()
    await form.getByLabel('Title in the chat header').fill('Paddle help')
    await form.getByLabel('Greeting').fill('Ahoy! Ask me about canoe trips.')
    await preview.getByText('Ahoy! Ask me about canoe trips.').waitFor()
    await form.getByRole('textbox', { name: 'Colour', exact: true }).fill('#1d4ed8')
    await form.getByRole('radio', { name: 'Bottom left' }).check()
    await form.getByRole('button', { name: 'Save appearance' }).click()
    await form.getByText('Appearance saved.').waitFor()
    await page.reload()
    await page.getByRole('tab', { name: 'Appearance', selected: true }).waitFor()
    expect(await form.getByLabel('Title in the chat header').inputValue()).toBe('Paddle help')
    expect(await form.getByRole('textbox', { name: 'Colour', exact: true }).inputValue()).toBe('#1d4ed8')
    expect(await form.getByRole('radio', { name: 'Bottom left' }).isChecked()).toBe(true)
    await preview.getByText('Paddle help').first().waitFor()
    // A bad colour is refused with a reason, not saved.
    await form.getByRole('textbox', { name: 'Colour', exact: true }).fill('blue')
    await form.getByRole('button', { name: 'Save appearance' }).click()
    await form.getByText('Pick a colour like #0f766e.').waitFor()
  })

  it('keeps the AI provider key write-only', async () => {
    await page.getByRole('tab', { name: 'AI provider' }).click()
    const form = page.getByRole('form', { name: 'AI provider' })
    await form.getByRole('combobox', { name: 'Provider' }).click()
    await page.getByRole('option', { name: 'OpenAI-compatible' }).click()
    await form.getByLabel('Model').fill('gpt-4o-mini')
    const key = `sk-e2e-${Date.now()}`
    await form.getByLabel('Key').fill(key)
    await form.getByRole('button', { name: 'Save AI settings' }).click()
    await form.getByText('Saved with the new API key.').waitFor()
    await page.reload()
    await page.getByRole('tab', { name: 'AI provider', selected: true }).waitFor()
    await form.getByTestId('api-key-status').getByText('A key is set').waitFor()
    expect(await form.getByLabel('Model').inputValue()).toBe('gpt-4o-mini')
    // The key is in no field and nowhere in the page.
    expect(await form.getByLabel('Replace the key').inputValue()).toBe('')
    expect(await page.content()).not.toContain(key)
    // Stored encrypted (the chatbot-secrets function): the database holds no trace of it either.
    const chatbotId = /\/chatbots\/([0-9a-f-]{36})/.exec(page.url())?.[1]
    const { data } = await supabaseClient(inject('supabase'), 'service')
      .from('chatbot_ai_settings')
      .select('api_key')
      .eq('chatbot_id', chatbotId ?? '')
      .single<{ api_key: string }>()
      .throwOnError()
    expect(data.api_key).toMatch(/^v1\./)
    expect(data.api_key).not.toContain(key.slice(3))
  })
})

describe('chatbot screen for an agent', () => {
  const baseUrl = inject('baseUrl')
  const demoAgent = { fullName: 'Alex Agent', email: 'agent@parley.dev', password: 'parley-demo-2026' }
  const demoChatbot =
    '/stores/de000000-0000-4000-8000-000000000010/chatbots/de000000-0000-4000-8000-000000000020'

  it('shows the demo chatbot read-only: no forms, no secret, no AI settings', async () => {
    const browser = await launchBrowser()
    try {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } })
      context.setDefaultTimeout(90_000)
      context.setDefaultNavigationTimeout(120_000)
      const page = await context.newPage()
      await signIn(page, baseUrl, demoAgent)
      await page.goto(`${baseUrl}${demoChatbot}`)
      await page.getByTestId('read-only-notice').waitFor()
      expect(await page.getByTestId('faq-item').count()).toBeGreaterThan(0)
      expect(await page.getByRole('form', { name: 'Add an FAQ' }).count()).toBe(0)
      expect(await page.getByRole('button', { name: /^(Edit|Delete|Move up):/ }).count()).toBe(0)
      expect(await page.getByRole('tab', { name: 'AI provider' }).count()).toBe(0)
      await page.getByRole('tab', { name: 'Embed' }).click()
      await page.getByText('Only owners and admins can see the identity secret.').waitFor()
      expect(await page.getByRole('button', { name: 'Reveal' }).count()).toBe(0)
    } finally {
      await browser.close()
    }
  })
})
