import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from '../src/browser.ts'
import { signIn } from '../src/dashboard.ts'
import { supabaseClient } from '../src/supabase.ts'

/**
 * The store page's list of background jobs that need the owner: a job Chatwoot refused shows what it was
 * for and why, in words, with the job that stopped behind it; Retry runs both again, in order, and they
 * leave the list once done. Set up as the dispatcher would have left them (a refused contact sync and a
 * handoff held behind it), then run for real by the outbox against the fake Chatwoot.
 */
const demoStore = 'de000000-0000-4000-8000-000000000010'
// Lena's waiting conversation, which the seed handed to Chatwoot already: running both again changes nothing there.
const lena = 'de000000-0000-4000-8000-000000000043'
const lenaSession = 'de000000-0000-4000-8000-000000000053'
const lanes = { lane: `chatwoot-contact:${lena}`, after_lane: `chatwoot-account:${demoStore}` }
const owner = { fullName: 'Demo Owner', email: 'demo@parley.dev', password: 'parley-demo-2026' }

describe('failed background jobs on the store page', () => {
  const baseUrl = inject('baseUrl')
  const admin = supabaseClient(inject('supabase'), 'service')
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let ids: number[] = []

  beforeAll(async () => {
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    context.setDefaultTimeout(90_000)
    context.setDefaultNavigationTimeout(120_000)
    page = await context.newPage()
  })

  afterAll(async () => {
    if (ids.length) await admin.from('outbox').delete().in('id', ids)
    await context?.close()
    await browser?.close()
  })

  it('shows a refused job and the one stopped behind it, and Retry delivers both', async () => {
    const refusal = 'Chatwoot refused the contact: Email has already been taken'
    const { data: head, error } = await admin
      .from('outbox')
      .insert({
        store_id: demoStore,
        topic: 'chatwoot.sync_contact',
        payload: { store_id: demoStore, contact_id: lena },
        ...lanes,
        status: 'dead',
        attempts: 1,
        runs: 1,
        last_error: refusal,
      })
      .select('id')
      .single<{ id: number }>()
    if (error) throw error
    const held = `Held behind job #${head.id} (Update a contact in Chatwoot), which failed: ${refusal}`
    const { data: follower } = await admin
      .from('outbox')
      .insert({
        store_id: demoStore,
        topic: 'chatwoot.handoff',
        payload: { store_id: demoStore, session_id: lenaSession, contact_id: lena },
        ...lanes,
        status: 'dead',
        held_by: head.id,
        last_error: held,
      })
      .select('id')
      .single<{ id: number }>()
      .throwOnError()
    ids = [head.id, follower.id]

    await signIn(page, baseUrl, owner)
    await page.goto(`${baseUrl}/stores/${demoStore}`)
    const list = page.getByRole('list', { name: 'Background jobs that need attention' })
    const headRow = list
      .getByTestId('failed-job')
      .filter({ hasText: `#${head.id} Update a contact in Chatwoot` })
    await headRow.getByText(refusal).waitFor()
    expect(await headRow.getByText('failed', { exact: true }).count()).toBe(1)
    const followerRow = list
      .getByTestId('failed-job')
      .filter({ hasText: `#${follower.id} Hand the conversation to Chatwoot` })
    await followerRow.getByText(held).waitFor()
    await followerRow.getByText(`stopped behind #${head.id}`).waitFor()

    // Retrying the job that stopped behind the other runs the other first; both leave the list at once
    await followerRow
      .getByRole('button', { name: `Retry #${follower.id} Hand the conversation to Chatwoot` })
      .click()
    await expect
      .poll(async () => (await headRow.count()) + (await followerRow.count()), { timeout: 30_000 })
      .toBe(0)
    await expect
      .poll(
        async () => {
          const { data } = await admin.from('outbox').select('id, status').in('id', ids).order('id')
          return data
        },
        { timeout: 60_000, interval: 500 },
      )
      .toEqual([
        { id: head.id, status: 'done' },
        { id: follower.id, status: 'done' },
      ])
    await page.reload()
    await page.getByTestId('chatwoot-status').waitFor()
    expect(await headRow.count()).toBe(0)
    expect(await followerRow.count()).toBe(0)
  })
})
