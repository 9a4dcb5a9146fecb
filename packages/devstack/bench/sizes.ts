// What a shop's visitor downloads: the loader on every page view, and the chat UI once they open it.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { loaderScript } from '../../../apps/dashboard/src/widget/loader-script.ts'
import { repoRoot } from '../src/config.ts'
import { freePort, waitFor } from '../src/net.ts'
import type { Stack } from '../src/stack.ts'
import type { BenchTable } from './table.ts'

const gz = (text: string | Uint8Array) => gzipSync(text, { level: 9 }).length

/** Builds the dashboard for production and sums the gzipped scripts and styles the widget page loads. */
async function chatUiBytes(stack: Pick<Stack, 'env'>): Promise<{ bytes: number; files: number }> {
  const app = join(repoRoot, 'apps/dashboard')
  const distDir = '.next-bench'
  const env = { ...process.env, NEXT_DIST_DIR: distDir, NEXT_PUBLIC_SUPABASE_URL: stack.env.SUPABASE_URL }
  const next = join(app, 'node_modules/.bin/next')
  const build = spawnSync(next, ['build'], { cwd: app, env, stdio: ['ignore', 'ignore', 'inherit'] })
  if (build.status !== 0) throw new Error('next build failed')
  const port = await freePort()
  const server: ChildProcess = spawn(next, ['start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: app,
    env,
  })
  try {
    const origin = `http://127.0.0.1:${port}`
    await waitFor(
      'next start',
      () =>
        fetch(`${origin}/widget.js`).then(
          (r) => r.ok,
          () => false,
        ),
      60_000,
    )
    const html = await (await fetch(`${origin}/widget/acmeoutdoor0001`)).text()
    const assets = [
      ...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="stylesheet"[^>]+href)="([^"]+)"/g),
    ].map((m) => m[1])
    let bytes = gz(html)
    for (const asset of new Set(assets)) {
      bytes += gz(new Uint8Array(await (await fetch(new URL(asset ?? '', origin))).arrayBuffer()))
    }
    return { bytes, files: assets.length + 1 }
  } finally {
    server.kill('SIGTERM')
    rmSync(join(app, distDir), { recursive: true, force: true })
  }
}

export async function benchSizes(stack: Pick<Stack, 'env'>, table: BenchTable) {
  const loader = gz(loaderScript(join(repoRoot, 'apps/dashboard/src/widget')))
  const group = 'widget, gzipped'
  table.add({
    group,
    figure: 'loader /widget.js (every page view)',
    value: loader / 1024,
    unit: 'KB',
    reference: { kind: 'budget', value: 3 },
  })
  if (process.env.BENCH_SKIP_BUILD) return
  const ui = await chatUiBytes(stack)
  table.add({
    group,
    figure: `chat UI (page + ${ui.files - 1} assets, on first open)`,
    value: ui.bytes / 1024,
    unit: 'KB',
  })
}
