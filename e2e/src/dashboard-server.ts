import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const dashboardDir = fileURLToPath(new URL('../../apps/dashboard/', import.meta.url))

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

/** Polls `url` until it answers 2xx, the process dies, or the deadline passes. */
async function waitUntilUp(url: string, child: ChildProcess, timeoutMs: number, log: () => string) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next dev exited with ${child.exitCode}:\n${log()}`)
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`the dashboard did not answer at ${url} within ${timeoutMs / 1000} s:\n${log()}`)
}

/**
 * `next dev` for the dashboard on a free port against `supabaseUrl`. It builds into its own folder so
 * it can run next to a developer's `pnpm dev` without the two sharing `.next`.
 */
export async function startDashboard(supabaseUrl: string, port?: number) {
  port ??= await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  let output = ''
  const child = spawn('node_modules/.bin/next', ['dev', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: dashboardDir,
    env: {
      ...process.env,
      NEXT_PUBLIC_SUPABASE_URL: supabaseUrl,
      NEXT_DIST_DIR: '.next-e2e',
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const stop = () => {
    if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM')
  }
  try {
    await waitUntilUp(`${baseUrl}/login`, child, 240_000, () => output)
  } catch (error) {
    stop()
    throw error
  }
  return { baseUrl, stop, output: () => output }
}
