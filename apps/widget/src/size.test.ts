import { describe, expect, it } from 'vitest'
import { buildWidget } from '../build.mjs'
import type { WidgetBuild } from './build-output.ts'
import { assetBytes, FIRST_OPEN_BUDGET, firstOpen, kb, LOADER_BUDGET, loaderBytes } from './sizes.ts'

// The production build, measured as a shopper downloads it (gzipped). Sizes are deterministic for a
// given source, so a change that grows the widget shows here, and one that breaks a budget fails.
describe('widget download size', async () => {
  const build: WidgetBuild = await buildWidget()

  it('the chat UI on first open stays within 50 KB gzipped', () => {
    const files = firstOpen(build, {
      publicId: 'acmeoutdoor0001',
      supabaseUrl: 'http://127.0.0.1:54321',
      // the local demo key; a hosted project's is as long
      anonKey:
        'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0',
    })
    const total = files.reduce((sum, f) => sum + f.bytes, 0)
    console.log(
      [
        `chat UI on first open: ${kb(total)} gzipped (budget ${kb(FIRST_OPEN_BUDGET)})`,
        ...files.map((f) => `  ${f.name.padEnd(40)} ${kb(f.bytes).padStart(8)}`),
      ].join('\n'),
    )
    expect(total).toBeLessThanOrEqual(FIRST_OPEN_BUDGET)
  })

  it('the loader stays within 3 KB gzipped', () => {
    const bytes = loaderBytes(build)
    console.log(`loader /widget.js: ${kb(bytes)} gzipped (budget ${kb(LOADER_BUDGET)})`)
    expect(bytes).toBeLessThanOrEqual(LOADER_BUDGET)
    expect(() => new Function(build.loader)).not.toThrow()
  })

  it('leaves the FAQ and History tabs out of the first open', () => {
    const lazy = Object.keys(build.assets).filter((name) => /^(faq|history)-tab-/.test(name))
    expect(lazy).toHaveLength(2)
    const { script, modules } = build.page
    for (const name of lazy) expect([script, ...modules]).not.toContain(name)
  })

  it('leaves the payment card out of the first open (conversations without payments never load it)', () => {
    const card = Object.keys(build.assets).filter((name) => /^payment-card-/.test(name))
    expect(card).toHaveLength(1)
    const { script, modules } = build.page
    expect([script, ...modules]).not.toContain(card[0])
  })

  it('leaves the other languages and the emoji picker out of the first open, each a small chunk', () => {
    const lazy = Object.keys(build.assets).filter((name) => /^(de|fr|es|nl|pt|ar|emoji-picker)-/.test(name))
    expect(lazy).toHaveLength(7)
    const { script, modules } = build.page
    for (const name of lazy) expect([script, ...modules]).not.toContain(name)
    console.log(
      [
        'when used (gzipped):',
        ...lazy.map((name) => `  ${name.padEnd(40)} ${kb(assetBytes(build, name)).padStart(8)}`),
      ].join('\n'),
    )
  })
})
