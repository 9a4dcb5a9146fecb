import { createRequire } from 'node:module'

let cached: string | undefined

/**
 * The real Deno binary from npm `deno`. Its own install logic (`install_api.cjs`) knows which
 * `@deno/<platform>` optional dependency holds the executable for this machine, so we ask it instead of
 * guessing paths. `DEVSTACK_DENO` overrides (e.g. a system-wide deno).
 */
export function denoBinary(): string {
  if (process.env.DEVSTACK_DENO) return process.env.DEVSTACK_DENO
  if (!cached) {
    const require = createRequire(import.meta.url)
    const api = require('deno/install_api.cjs') as { runInstall(): string }
    cached = api.runInstall()
  }
  return cached
}
