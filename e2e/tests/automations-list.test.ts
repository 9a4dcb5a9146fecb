import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from '../src/browser.ts'
import { signIn } from '../src/dashboard.ts'
import { supabaseClient } from '../src/supabase.ts'

/**
 * The automations list as an owner uses it: export a draft to a file (versioned, its webhook's secret
 * header left out) and import that file back as a new draft.
 */
const demoStore = 'de000000-0000-4000-8000-000000000010'
const owner = { fullName: 'Demo Owner', email: 'demo@parley.dev', password: 'parley-demo-2026' }
const tag = `Hook ${Date.now() % 100000}`
const secret = `Bearer sekrit-${Date.now()}`

const webhookGraph = {
  nodes: [
    {
      id: 'trigger',
      type: 'conversation-started',
      position: { x: 0, y: 0 },
      data: { config: {}, version: 1, ended: [] },
    },
    {
      id: 'hook',
      type: 'webhook-send',
      position: { x: 0, y: 140 },
      data: {
        config: { url: 'https://example.com/hook', headers: { Authorization: secret } },
        version: 1,
        ended: ['out'],
      },
    },
  ],
  edges: [{ id: 'trigger-out-hook', source: 'trigger', sourceHandle: 'out', target: 'hook' }],
}

describe('the automations list', () => {
  const baseUrl = inject('baseUrl')
  const admin = supabaseClient(inject('supabase'), 'service')
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let draftId: string

  const openList = async () => {
    await page.goto(`${baseUrl}/stores/${demoStore}/automations`)
    await page.getByRole('heading', { level: 1, name: 'Automations' }).waitFor()
  }

  beforeAll(async () => {
    const { data, error } = await admin
      .from('workflows')
      .insert({ store_id: demoStore, name: tag, graph: webhookGraph })
      .select('id')
      .single()
    if (error) throw error
    draftId = data.id
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1366, height: 1000 } })
    context.setDefaultTimeout(90_000)
    context.setDefaultNavigationTimeout(120_000)
    page = await context.newPage()
    await signIn(page, baseUrl, owner)
  })

  afterAll(async () => {
    await admin.from('workflows').delete().eq('store_id', demoStore).like('name', `${tag}%`)
    await context?.close()
    await browser?.close()
  })

  it('exports a draft as a versioned file without its secrets, and imports it back as a new draft', async () => {
    await openList()
    const exported = await page.request.get(`${baseUrl}/stores/${demoStore}/automations/${draftId}/export`)
    expect(exported.status()).toBe(200)
    const text = await exported.text()
    expect(text).not.toContain('sekrit')
    const file = JSON.parse(text)
    expect(file).toMatchObject({ format: 'parley.workflow', version: 1, workflow: { name: tag } })
    expect(file.workflow.graph.nodes.map((n: { type: string }) => n.type)).toEqual([
      'conversation-started',
      'webhook-send',
    ])

    const imported = { ...file, workflow: { ...file.workflow, name: `${tag} imported` } }
    await page.getByTestId('import-workflow-file').setInputFiles({
      name: 'automation.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(imported)),
    })
    await page.waitForURL(/\/automations\/[0-9a-f-]{36}$/)
    expect(await page.getByLabel('Automation name').inputValue()).toBe(`${tag} imported`)
    const { data } = await admin.from('workflows').select('graph').eq('name', `${tag} imported`).single()
    expect(JSON.stringify(data?.graph)).not.toContain('sekrit')
  })
})
