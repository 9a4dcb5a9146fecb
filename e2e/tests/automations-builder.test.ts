import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from '../src/browser.ts'
import { signIn } from '../src/dashboard.ts'
import { openShopChat } from '../src/origins.ts'
import { supabaseClient } from '../src/supabase.ts'

/**
 * The automations builder, end to end: the demo store lists its two published automations; the owner
 * builds a new one by dragging steps from the palette, links them, configures the reply, publishes it;
 * a visitor on the sample shop writes the keyword in the widget, gets the automation's reply, and the
 * owner's canvas lights up the steps the run passed, live.
 */
const demoStore = 'de000000-0000-4000-8000-000000000010'
const owner = { fullName: 'Demo Owner', email: 'demo@parley.dev', password: 'parley-demo-2026' }
const keyword = `zebracorn${Date.now() % 100000}`
const reply = `Automation heard ${keyword}`

describe('automations builder', () => {
  const baseUrl = inject('baseUrl')
  const admin = supabaseClient(inject('supabase'), 'service')
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let workflowId: string | undefined

  beforeAll(async () => {
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1366, height: 1000 } })
    context.setDefaultTimeout(90_000)
    context.setDefaultNavigationTimeout(120_000)
    page = await context.newPage()
  })

  afterAll(async () => {
    // The new automation would answer every later journey's keyword-free messages never, but keep the
    // demo store as the seed left it.
    if (workflowId) await admin.from('workflows').delete().eq('id', workflowId)
    await context?.close()
    await browser?.close()
  })

  it('lists the demo store’s published automations with their runs', async () => {
    await signIn(page, baseUrl, owner)
    await page.goto(`${baseUrl}/stores/${demoStore}`)
    await page.getByRole('navigation', { name: 'Store' }).getByRole('link', { name: 'Automations' }).click()
    await page.getByRole('heading', { level: 1, name: 'Automations' }).waitFor()
    const rows = page.getByTestId('workflow-row')
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(2)
    const escalation = rows.filter({ hasText: 'Escalate unhappy visitors' })
    await escalation.getByText('Live').waitFor()
    expect(await escalation.getByRole('cell').nth(1).textContent()).toBe('v1')
    // Their recent runs: the engine ran both on the seed's waiting conversation when the stack started.
    const nudge = rows.filter({ hasText: 'Nobody answered in 10 minutes' })
    await expect
      .poll(
        async () => {
          await page.reload()
          return [
            await escalation.getByRole('cell').nth(4).textContent(),
            await nudge.getByRole('cell').nth(4).textContent(),
          ]
        },
        { timeout: 60_000 },
      )
      .toEqual([expect.stringMatching(/^succeeded/), expect.stringMatching(/^succeeded/)])
  })

  it('builds a workflow by drag and drop, publishes it, and watches a visitor’s run light up', async () => {
    await page.getByRole('button', { name: 'Blank automation' }).click()
    await page.waitForURL(/\/automations\/[0-9a-f-]{36}$/)
    workflowId = new URL(page.url()).pathname.split('/').at(-1)
    const canvas = page.getByTestId('canvas')
    await canvas.waitFor()
    await page.getByLabel('Automation name').fill(`Keyword reply ${keyword}`)

    // Two steps dragged from the palette onto the canvas.
    const palette = page.getByRole('navigation', { name: 'Steps to add' })
    await palette
      .getByRole('button', { name: 'Message received' })
      .dragTo(canvas, { targetPosition: { x: 300, y: 120 } })
    const trigger = page.locator('.react-flow__node[data-id="message-received-1"]')
    await trigger.waitFor()
    await page
      .getByRole('group', { name: 'Any of these words' })
      .or(page.getByLabel('Any of these words'))
      .first()
      .fill(keyword)
    // Undo and redo reach the form's list fields too (they used to keep showing the old words).
    const words = page.getByLabel('Any of these words')
    await page.getByRole('button', { name: 'Undo', exact: true }).click()
    await expect.poll(() => words.inputValue()).toBe('')
    await page.getByRole('button', { name: 'Redo', exact: true }).click()
    await expect.poll(() => words.inputValue()).toBe(keyword)

    await palette
      .getByRole('button', { name: 'Reply in the chat' })
      .dragTo(canvas, { targetPosition: { x: 300, y: 360 } })
    const replyNode = page.locator('.react-flow__node[data-id="send-reply-1"]')
    await replyNode.waitFor()
    // A new reply step says what it lacks until it has a message.
    await replyNode.locator('[data-invalid="true"]').waitFor()
    await page.getByLabel('Message', { exact: true }).fill(reply)
    await page.getByRole('checkbox', { name: /End after/ }).check()

    // Link the trigger's exit to the reply's entry; a second link out of the same exit is refused.
    await trigger.locator('.react-flow__handle-bottom').dragTo(replyNode.locator('.react-flow__handle-top'))
    await page.locator('.react-flow__edge').first().waitFor({ state: 'attached' })
    await expect
      .poll(() => page.getByTestId('problem-count').textContent(), { timeout: 30_000 })
      .toBe('Ready to publish')

    await page.getByRole('button', { name: 'Publish' }).click()
    await page.getByText('Published as version 1.').waitFor()
    await page.getByRole('tab', { name: 'Runs' }).click()
    await page.getByText(/No runs yet/).waitFor()

    // A visitor writes the keyword in the widget on the sample shop.
    const shop = await context.newPage()
    const widget = await openShopChat(shop, baseUrl)
    await widget.getByLabel('Your message').fill(`Hello, ${keyword}!`)
    await widget.getByLabel('Your message').press('Enter')
    await widget.getByText(reply).waitFor({ timeout: 60_000 })
    await shop.close()

    // The owner's canvas, still open, shows the run pass both steps (Realtime, no reload).
    await expect
      .poll(() => trigger.locator('[data-testid="step-node"]').getAttribute('data-run-status'), {
        timeout: 60_000,
      })
      .toBe('succeeded')
    await expect
      .poll(() => replyNode.locator('[data-testid="step-node"]').getAttribute('data-run-status'), {
        timeout: 60_000,
      })
      .toBe('succeeded')
    await page.getByTestId('run-row').first().getByText('succeeded').waitFor()

    // The dry run replays recent conversations: the visitor's, at least, would have triggered it.
    await page.getByRole('tab', { name: 'Try it' }).click()
    await page.getByRole('button', { name: /^Try on the last/ }).click()
    const totals = page.getByTestId('dry-run-totals')
    await totals.waitFor()
    expect(await totals.textContent()).toMatch(/Triggered in [1-9]\d* of \d+ conversations/)
  })

  it('shows an agent on a tablet the demo automation read-only, its last run lit on the canvas', async () => {
    const tablet = await browser.newContext({ viewport: { width: 820, height: 1180 }, hasTouch: true })
    tablet.setDefaultTimeout(90_000)
    tablet.setDefaultNavigationTimeout(120_000)
    try {
      const agentPage = await tablet.newPage()
      await signIn(agentPage, baseUrl, {
        fullName: 'Alex Agent',
        email: 'agent@parley.dev',
        password: owner.password,
      })
      await agentPage.goto(`${baseUrl}/stores/${demoStore}`)
      // On a tablet the store's navigation is a menu.
      await agentPage.getByRole('button', { name: /^Store menu/ }).click()
      await agentPage.getByRole('menuitem', { name: 'Automations' }).click()
      await agentPage.getByRole('link', { name: 'Escalate unhappy visitors' }).click()
      await agentPage.getByText('Read only').waitFor()
      expect(await agentPage.getByRole('button', { name: 'Publish' }).count()).toBe(0)
      expect(await agentPage.getByRole('navigation', { name: 'Steps to add' }).count()).toBe(0)
      // The seeded run passed all four steps.
      const lit = agentPage.locator('[data-testid="step-node"][data-run-status="succeeded"]')
      await expect.poll(() => lit.count(), { timeout: 60_000 }).toBe(4)
      await agentPage.getByRole('tab', { name: 'Runs' }).click()
      await agentPage.getByTestId('run-step').filter({ hasText: 'handoff' }).first().waitFor()
    } finally {
      await tablet.close()
    }
  })
})
