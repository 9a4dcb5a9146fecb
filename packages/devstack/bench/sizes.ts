// What a shop's visitor downloads: the loader on every page view, and the chat UI once they open it.
import { buildWidget } from '@parley/widget/build'
import { FIRST_OPEN_BUDGET, firstOpen, LOADER_BUDGET, loaderBytes } from '@parley/widget/sizes'
import type { Stack } from '../src/stack.ts'
import type { BenchTable } from './table.ts'

/** The widget's production build, gzipped, each figure beside its budget (as apps/widget's size test). */
export async function benchSizes(stack: Pick<Stack, 'env'>, table: BenchTable) {
  const build = await buildWidget()
  const files = firstOpen(build, {
    publicId: 'acmeoutdoor0001',
    supabaseUrl: stack.env.SUPABASE_URL,
    anonKey: stack.env.SUPABASE_ANON_KEY,
  })
  const group = 'widget (gzipped)'
  const budget = (bytes: number) => ({ kind: 'budget' as const, value: bytes / 1024 })
  table.add({
    group,
    figure: 'loader /widget.js (every page view)',
    value: loaderBytes(build) / 1024,
    unit: 'KB',
    reference: budget(LOADER_BUDGET),
  })
  table.add({
    group,
    figure: `chat UI (page + ${files.length - 1} assets, on first open)`,
    value: files.reduce((sum, f) => sum + f.bytes, 0) / 1024,
    unit: 'KB',
    reference: budget(FIRST_OPEN_BUDGET),
  })
  for (const file of files)
    table.add({ group, figure: `  ${file.name}`, value: file.bytes / 1024, unit: 'KB' })
}
