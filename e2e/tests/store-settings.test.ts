import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from '../src/browser.ts'
import { signIn } from '../src/dashboard.ts'
import { supabaseClient } from '../src/supabase.ts'

/**
 * The demo owner sets what the widget tells a visitor handed to a person (reply time, business hours, a
 * fallback contact), sees it after a reload, and the widget's configuration (read as a visitor would,
 * with the anon key) carries it. An invalid email is refused with a message next to the field.
 */
const demoStore = 'de000000-0000-4000-8000-000000000010'
const demoChatbot = 'acmeoutdoor0001'
const owner = { fullName: 'Demo Owner', email: 'demo@parley.dev', password: 'parley-demo-2026' }
const columns = 'business_hours, reply_time, fallback_phone, fallback_email, offline_message'

describe('handoff settings on the store page', () => {
  const baseUrl = inject('baseUrl')
  const supabase = inject('supabase')
  const admin = supabaseClient(supabase, 'service')
  let before: Record<string, unknown> | null = null
  let browser: Browser
  let context: BrowserContext
  let page: Page

  beforeAll(async () => {
    // Other journeys rely on the seeded store's settings: put them back afterwards.
    const { data, error } = await admin.from('stores').select(columns).eq('id', demoStore).single()
    if (error) throw error
    before = data
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    context.setDefaultTimeout(90_000)
    context.setDefaultNavigationTimeout(120_000)
    page = await context.newPage()
  })

  afterAll(async () => {
    await context?.close()
    await browser?.close()
    if (before) await admin.from('stores').update(before).eq('id', demoStore)
  })

  const form = () => page.getByRole('form', { name: 'Handoff settings' })

  it('saves what a waiting visitor is told, and the widget reads it', async () => {
    await signIn(page, baseUrl, owner)
    await page.goto(`${baseUrl}/stores/${demoStore}`)
    await page.getByRole('heading', { name: 'Handoff to people' }).waitFor()

    await form().getByRole('radio', { name: 'in a few hours' }).check()
    for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) {
      await form().getByLabel(`${day} opens`).fill('09:00')
      await form().getByLabel(`${day} closes`).fill('17:30')
    }
    await form().getByLabel('Sat opens').fill('10:00')
    await form().getByLabel('Sat closes').fill('14:00')
    await form().getByLabel('Sun opens').fill('')
    await form().getByLabel('Sun closes').fill('')
    await form().getByLabel('Fallback phone').fill('+43 512 987654')
    await form().getByLabel('Fallback email').fill('Care@Acme.Example')
    await form().getByLabel('Offline message').fill('We are at a trade fair until Monday.')
    await form().getByRole('button', { name: 'Save handoff settings' }).click()
    await form().getByText('Handoff settings saved.').waitFor()

    await page.reload()
    await form().waitFor()
    expect(await form().getByRole('radio', { name: 'in a few hours' }).isChecked()).toBe(true)
    expect(await form().getByLabel('Mon opens').inputValue()).toBe('09:00')
    expect(await form().getByLabel('Fri closes').inputValue()).toBe('17:30')
    expect(await form().getByLabel('Sat closes').inputValue()).toBe('14:00')
    expect(await form().getByLabel('Sun opens').inputValue()).toBe('')
    expect(await form().getByLabel('Fallback phone').inputValue()).toBe('+43 512 987654')
    expect(await form().getByLabel('Fallback email').inputValue()).toBe('care@acme.example')
    expect(await form().getByLabel('Offline message').inputValue()).toBe(
      'We are at a trade fair until Monday.',
    )

    const visitor = supabaseClient(supabase, 'anon')
    const { data, error } = await visitor.rpc('widget_config', { p_public_id: demoChatbot })
    expect(error).toBeNull()
    expect(data.handoff).toEqual({
      reply_time: 'in a few hours',
      fallback_phone: '+43 512 987654',
      fallback_email: 'care@acme.example',
      business_hours: {
        Mon: '09:00–17:30',
        Tue: '09:00–17:30',
        Wed: '09:00–17:30',
        Thu: '09:00–17:30',
        Fri: '09:00–17:30',
        Sat: '10:00–14:00',
      },
    })
  })

  it('refuses an invalid email with a message on the field and keeps what was saved', async () => {
    await page.goto(`${baseUrl}/stores/${demoStore}`)
    await form().getByLabel('Fallback email').fill('care-at-acme')
    await form().getByRole('button', { name: 'Save handoff settings' }).click()
    await form().getByRole('alert').filter({ hasText: 'Please fix the highlighted fields.' }).waitFor()
    const email = form().getByLabel('Fallback email')
    expect(await email.getAttribute('aria-invalid')).toBe('true')
    await form().getByText('Enter a valid email address.').waitFor()
    // What was typed stays in the form; the store keeps its saved address.
    expect(await email.inputValue()).toBe('care-at-acme')
    const { data } = await admin.from('stores').select('fallback_email').eq('id', demoStore).single()
    expect(data?.fallback_email).toBe('care@acme.example')
  })

  it('shows the demo agent the settings read-only', async () => {
    const agentContext = await browser.newContext()
    agentContext.setDefaultTimeout(90_000)
    const agentPage = await agentContext.newPage()
    try {
      await signIn(agentPage, baseUrl, {
        fullName: 'Demo Agent',
        email: 'agent@parley.dev',
        password: owner.password,
      })
      await agentPage.goto(`${baseUrl}/stores/${demoStore}`)
      const summary = agentPage.getByTestId('handoff-settings-summary')
      await summary.getByText('in a few hours').waitFor()
      await summary.getByText('care@acme.example').waitFor()
      expect(await agentPage.getByRole('form', { name: 'Handoff settings' }).count()).toBe(0)
    } finally {
      await agentContext.close()
    }
  })
})
