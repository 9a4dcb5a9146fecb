// What a shop's visitor downloads: the loader on every page view, and the chat UI once they open it.
import { buildWidget } from '@parley/widget/build'
import { FIRST_OPEN_BUDGET, firstOpen, kb, LOADER_BUDGET, loaderBytes } from '@parley/widget/sizes'
import type { Stack } from '../src/stack.ts'

/** The widget's production build, gzipped, each figure beside its budget (as apps/widget's size test). */
export async function benchSizes(stack: Stack) {
  const build = await buildWidget()
  const files = firstOpen(build, {
    publicId: 'acmeoutdoor0001',
    supabaseUrl: stack.env.SUPABASE_URL,
    anonKey: stack.env.SUPABASE_ANON_KEY,
  })
  const total = files.reduce((sum, f) => sum + f.bytes, 0)
  const line = (name: string, bytes: number, budget?: number) =>
    console.log(`${name.padEnd(52)} ${kb(bytes).padStart(9)}${budget ? `   budget: ${kb(budget)}` : ''}`)
  console.log('\nwidget download, gzipped')
  line('loader /widget.js (every page view)', loaderBytes(build), LOADER_BUDGET)
  line(`chat UI (page + ${files.length - 1} assets, on first open)`, total, FIRST_OPEN_BUDGET)
  for (const file of files) line(`  ${file.name}`, file.bytes)
}
