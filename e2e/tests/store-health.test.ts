import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { openPage } from '../src/browser.ts'
import { signIn } from '../src/dashboard.ts'
import { supabaseClient } from '../src/supabase.ts'

/**
 * The demo owner's store page says what Parley is doing: the System status panel (a word and a colour per
 * part, this store's jobs, its Chatwoot) and the Chatwoot card, from one health answer. When Parley pauses
 * Chatwoot's jobs after repeated failures and a job dies, both change without a reload (asked at once with
 * "Check now" from the keyboard); when it is over, the next poll brings them back. It fits a phone.
 */
const demoStore = 'de000000-0000-4000-8000-000000000010'
const owner = { fullName: 'Demo Owner', email: 'demo@parley.dev', password: 'parley-demo-2026' }

describe('the system status on the store page', () => {
  const baseUrl = inject('baseUrl')
  const admin = supabaseClient(inject('supabase'), 'service')
  let page: Page
  let close: (() => Promise<void>) | undefined
  let deadJob: number | undefined

  const closeBreaker = () =>
    admin.rpc('set_circuit_breaker', { p_key: 'chatwoot', p_state: { status: 'closed', failures: 0 } })

  beforeAll(async () => {
    ;({ page, close } = await openPage())
  })

  afterAll(async () => {
    // Other journeys need Chatwoot's jobs running
    await closeBreaker()
    if (deadJob) await admin.from('outbox').delete().eq('id', deadJob)
    await close?.()
  })

  it('shows each part in words, changes live when Chatwoot is paused and a job dies, and recovers', async () => {
    await signIn(page, baseUrl, owner)
    await page.goto(`${baseUrl}/stores/${demoStore}`)
    const panel = page.getByRole('region', { name: 'System status' })
    const summary = panel.getByTestId('system-status-summary')
    const row = (key: string) => panel.getByTestId(`status-${key}`)
    const card = page.getByTestId('chatwoot-status')

    // Functions boot on first use: the panel settles on everything working
    await expect
      .poll(() => summary.textContent(), { timeout: 90_000, interval: 1000 })
      .toBe('Everything is working.')
    expect(
      await panel.getByRole('list', { name: 'Parts of the service' }).getByRole('listitem').count(),
    ).toBe(7)
    for (const label of [
      'Database',
      'Data API',
      'Sign-in',
      'Live updates',
      'Chat service',
      'Background jobs',
      'Chatwoot',
    ])
      expect(await panel.getByText(label, { exact: true }).count(), label).toBe(1)
    expect(await row('jobs').textContent()).toContain('Working')
    expect(await row('chatwoot').textContent()).toContain('Working')
    expect(await card.getByTestId('chatwoot-connection').textContent()).toBe('Working')
    await card.getByText('Connected: handoffs reach your agents in Chatwoot.').waitFor()
    expect(await card.getByTestId('chatwoot-account-status').textContent()).toBe('account active')

    // Parley pauses Chatwoot's jobs after repeated failures, and a job gives up
    const now = Date.now()
    const { error } = await admin.rpc('set_circuit_breaker', {
      p_key: 'chatwoot',
      p_state: { status: 'open', failures: 5, openedAt: now, halfOpenAt: now + 15 * 60_000 },
    })
    if (error) throw error
    const { data: job } = await admin
      .from('outbox')
      .insert({
        store_id: demoStore,
        topic: 'chatwoot.sync_contact',
        payload: { store_id: demoStore, contact_id: crypto.randomUUID() },
        status: 'dead',
        attempts: 8,
        last_error: 'Gave up after 8 attempts: Chatwoot could not be reached: connection refused',
      })
      .select('id')
      .single<{ id: number }>()
      .throwOnError()
    deadJob = job.id

    // asked at once from the keyboard
    const checkNow = panel.getByRole('button', { name: 'Check now' })
    await checkNow.focus()
    await page.keyboard.press('Enter')
    await expect
      .poll(() => row('chatwoot').textContent(), { timeout: 30_000 })
      .toContain('Parley paused sending to it until')
    expect(await row('chatwoot').textContent()).toContain('Degraded')
    await expect.poll(() => row('jobs').textContent(), { timeout: 30_000 }).toContain('1 failed')
    expect(await row('jobs').textContent()).toContain('Degraded')
    expect(await summary.textContent()).toBe('Background jobs degraded, Chatwoot degraded.')
    expect(await panel.getByTestId('system-status-overall').textContent()).toBe('Degraded')
    // the card says the same, and its list of failed jobs shows the one that died, without a reload
    expect(await card.getByTestId('chatwoot-connection').textContent()).toBe('Degraded')
    await card.getByText('Parley paused sending to it until', { exact: false }).waitFor()
    await card
      .getByTestId('failed-job')
      .filter({ hasText: `#${job.id} Update a contact in Chatwoot` })
      .waitFor()

    // on a phone: nothing runs off the side of the screen
    await page.setViewportSize({ width: 390, height: 844 })
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390)
    await page.setViewportSize({ width: 1280, height: 900 })

    // it is over: the next poll (no click, no reload) brings both back
    await closeBreaker()
    await admin.from('outbox').delete().eq('id', job.id).throwOnError()
    deadJob = undefined
    await expect
      .poll(() => summary.textContent(), { timeout: 60_000, interval: 1000 })
      .toBe('Everything is working.')
    expect(await card.getByTestId('chatwoot-connection').textContent()).toBe('Working')
    await expect.poll(() => card.getByTestId('failed-job').count(), { timeout: 30_000 }).toBe(0)
  })
})
