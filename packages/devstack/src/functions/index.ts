import { existsSync, statSync, watch } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Hono } from 'hono'
import { basePath } from 'hono/route'
import type { StackContext } from '../context.ts'
import { verifyJwt } from '../jwt.ts'
import { forward, ProxyError } from '../proxy.ts'
import { denoBinary } from './deno-bin.ts'
import { functionEnv } from './env.ts'
import { BootError, FunctionWorker, type WorkerLaunch } from './worker.ts'

export { denoBinary } from './deno-bin.ts'

export interface FunctionsOptions {
  /** Deno's cache (npm packages, transpiled modules); default `<root>/.data/deno`. */
  denoDir?: string
  /** Request wall-clock limit in ms; default 150 000 (Supabase's hosted request idle timeout). */
  wallClockMs?: number
  /** How long a worker may take to start; the first boot downloads npm packages. Default 120 000. */
  bootTimeoutMs?: number
  /** Restart a function's worker when files under `supabase/functions` change (default true). */
  watch?: boolean
  /** Where the functions' console output goes; default the devstack's console, prefixed by slug. */
  log?: (slug: string, line: string, stream: 'stdout' | 'stderr') => void
}

export interface FunctionsRuntime {
  /** Mount at `/functions/v1`: `gateway.route('/functions/v1', app)`. */
  app: Hono
  /** Each function started so far: its worker's state and why its last boot failed, if it did. */
  health(): FunctionsHealth
  /** The function's warm Deno worker, booted if needed (benchmarks measure the runner's hop against it). */
  workerUrl(slug: string): Promise<string>
  /** Stops every worker and the file watcher. */
  stop(): Promise<void>
}

export interface FunctionsHealth {
  stopped: boolean
  workers: Record<string, { state: 'idle' | 'booting' | 'ready'; boot_error?: string }>
}

const SLUG = /^[A-Za-z][A-Za-z0-9_-]*$/
const ENTRYPOINTS = ['index.ts', 'index.js', 'index.mjs', 'index.tsx', 'index.jsx']
const BOOTSTRAP = fileURLToPath(new URL('./bootstrap.ts', import.meta.url))

// Our own error replies carry CORS so a browser sees the status, not an opaque CORS failure.
const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers':
    'authorization, x-client-info, apikey, content-type, x-retry-count, traceparent, tracestate, baggage',
}
const reply = (body: object, status: number) => Response.json(body, { status, headers: CORS })

/**
 * `/functions/v1/<slug>/...` as `supabase functions serve` does it: `supabase/functions/<slug>/index.ts`
 * runs in the real Deno, one warm process per function; `verify_jwt` from config.toml is enforced here
 * (except for OPTIONS), and the function sees `/<slug>/...` with the original method, headers and body.
 */
export function functionsRoutes(
  ctx: Pick<StackContext, 'config' | 'dbUrl'>,
  options: FunctionsOptions = {},
): FunctionsRuntime {
  const { config } = ctx
  const functionsDir = join(config.root, 'supabase/functions')
  const denoDir = options.denoDir ?? join(config.root, '.data/deno')
  const wallClockMs = options.wallClockMs ?? 150_000
  const bootTimeoutMs = options.bootTimeoutMs ?? 120_000
  const log =
    options.log ??
    ((slug, line, stream) =>
      (stream === 'stdout' ? console.log : console.error)(`[functions:${slug}] ${line}`))
  const workers = new Map<string, FunctionWorker>()
  let stopped = false

  // Found entrypoints are remembered (a request should not cost five file-system lookups); the watcher forgets
  // a function's when its folder changes, and a miss always looks again.
  const entrypoints = new Map<string, string>()
  const entrypointOf = (slug: string): string | undefined => {
    const known = entrypoints.get(slug)
    if (known) return known
    const found = ENTRYPOINTS.map((file) => join(functionsDir, slug, file)).find((path) => existsSync(path))
    if (found) entrypoints.set(slug, found)
    return found
  }

  const launch = (slug: string, entrypoint: string): WorkerLaunch => {
    const dir = join(functionsDir, slug)
    // Import map resolution as the CLI does it: the function's deno.json, else the shared import_map.json.
    const denoJson = ['deno.json', 'deno.jsonc'].map((f) => join(dir, f)).find((p) => existsSync(p))
    const importMap = join(functionsDir, 'import_map.json')
    const configArgs = denoJson
      ? ['--config', denoJson]
      : existsSync(importMap)
        ? ['--no-config', '--import-map', importMap]
        : ['--no-config']
    const env = functionEnv(ctx, denoDir, (message) => log(slug, message, 'stderr'))
    // Only a package.json of the function's own makes Deno look at one (never the monorepo's).
    if (!existsSync(join(dir, 'package.json'))) env.DENO_NO_PACKAGE_JSON = '1'
    return {
      command: denoBinary(),
      args: [
        'run',
        '--no-prompt',
        '--allow-net',
        '--allow-env',
        '--allow-read',
        '--allow-sys',
        `--allow-write=${tmpdir()}`,
        '--node-modules-dir=none',
        '--no-lock',
        ...configArgs,
        BOOTSTRAP,
        pathToFileURL(entrypoint).href,
      ],
      cwd: dir,
      env,
    }
  }

  const workerFor = (slug: string, entrypoint: string): FunctionWorker => {
    let worker = workers.get(slug)
    if (!worker) {
      worker = new FunctionWorker(
        () => launch(slug, entrypointOf(slug) ?? entrypoint),
        (line, stream) => log(slug, line, stream),
        bootTimeoutMs,
      )
      workers.set(slug, worker)
    }
    return worker
  }

  const app = new Hono()
  app.all('*', async (c) => {
    const url = new URL(c.req.url)
    const path = url.pathname.slice(basePath(c).replace(/\/$/, '').length) // "/<slug>/<rest>"
    const slug = safeDecode(path.split('/')[1] ?? '')
    const entrypoint = slug && SLUG.test(slug) ? entrypointOf(slug) : undefined
    if (!slug || !entrypoint) return reply({ msg: 'Function not found' }, 404)

    if (c.req.method !== 'OPTIONS' && (config.functions[slug]?.verifyJwt ?? true)) {
      const refused = await checkJwt(c.req.header('authorization'), config.jwtSecret)
      if (refused) return reply({ msg: refused }, 401)
    }

    if (stopped) return reply({ code: 'BOOT_ERROR', message: 'The functions runner is stopped' }, 503)
    const worker = workerFor(slug, entrypoint)
    let port: number
    try {
      port = await worker.port()
    } catch (error) {
      const detail = error instanceof BootError ? error.message : String(error)
      log(slug, `boot error: ${detail}`, 'stderr')
      return reply(
        { code: 'BOOT_ERROR', message: `Worker failed to boot (please check logs): ${detail}` },
        503,
      )
    }

    const headers = new Headers(c.req.raw.headers)
    headers.delete('host')
    headers.set('x-forwarded-host', url.host)
    headers.set('x-forwarded-proto', url.protocol.replace(':', ''))
    // X-Forwarded-For is the caller's address: the gateway in front (src/client-address.ts) set it.
    try {
      return await forward(c, `http://127.0.0.1:${port}${path}${url.search}`, {
        headers,
        timeoutMs: wallClockMs,
      })
    } catch (error) {
      if (!(error instanceof ProxyError)) throw error
      if (error.reason === 'timeout') {
        return reply({ code: 'WORKER_LIMIT', message: `Wall clock limit of ${wallClockMs} ms reached` }, 546)
      }
      const why = worker.isAlive(port) ? String(error.cause) : 'the worker process died'
      log(slug, `request failed: ${why}`, 'stderr')
      return reply(
        { code: 'WORKER_ERROR', message: `Function exited due to an error (please check logs)` },
        500,
      )
    }
  })

  const watcher =
    options.watch === false
      ? undefined
      : watchFunctions(functionsDir, workers, (key) => {
          if (SLUG.test(key)) entrypoints.delete(key)
        })

  return {
    app,
    health: () => ({
      stopped,
      workers: Object.fromEntries(
        [...workers].map(([slug, worker]) => [
          slug,
          { state: worker.status, ...(worker.lastBootError ? { boot_error: worker.lastBootError } : {}) },
        ]),
      ),
    }),
    async workerUrl(slug) {
      const entrypoint = SLUG.test(slug) ? entrypointOf(slug) : undefined
      if (!entrypoint) throw new Error(`no function ${slug}`)
      return `http://127.0.0.1:${await workerFor(slug, entrypoint).port()}`
    },
    async stop() {
      stopped = true
      watcher?.close()
      await Promise.all([...workers.values()].map((worker) => worker.stop()))
    },
  }
}

/** The router's JWT check: undefined when the token is fine, else the `msg` Supabase answers with. */
async function checkJwt(authorization: string | undefined, secret: string): Promise<string | undefined> {
  if (!authorization) return 'Error: Missing authorization header'
  const [scheme, token] = authorization.split(' ')
  if (scheme !== 'Bearer') return "Error: Auth header is not 'Bearer {token}'"
  try {
    await verifyJwt(token ?? '', secret)
    return undefined
  } catch {
    return 'Invalid JWT'
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return ''
  }
}

/**
 * Dev reload: a change inside `<slug>/` restarts that function's worker; a change to `_shared/`, `.env` or
 * an import map restarts them all. Running workers are booted again at once so they stay warm.
 */
function watchFunctions(
  dir: string,
  workers: Map<string, FunctionWorker>,
  touched: (key: string) => void,
): { close(): void } | undefined {
  if (!existsSync(dir)) return undefined
  const timers = new Map<string, NodeJS.Timeout>()
  const restart = (worker: FunctionWorker, changedAt: number) => {
    if (!worker.running) return
    void worker
      .restart(changedAt)
      .then(() => worker.port())
      .catch(() => {}) // a broken edit shows up as BOOT_ERROR on the next request
  }
  const latest = new Map<string, number>()
  const changed = (key: string, path: string) => {
    touched(key)
    // The file's mtime, not the event's arrival: a worker spawned after the write already runs the new code.
    let changedAt = Date.now()
    try {
      changedAt = statSync(path).mtimeMs
    } catch {} // deleted
    changedAt = Math.max(changedAt, latest.get(key) ?? 0)
    latest.set(key, changedAt)
    clearTimeout(timers.get(key))
    // Editors write files in several steps; restart once they are done.
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key)
        latest.delete(key)
        const worker = workers.get(key)
        if (worker) restart(worker, changedAt)
        else if (!SLUG.test(key)) for (const w of workers.values()) restart(w, changedAt)
      }, 150),
    )
  }
  try {
    const watcher = watch(dir, { recursive: true }, (_event, filename) => {
      const name = filename?.toString()
      const first = name?.split(/[\\/]/)[0]
      if (name && first) changed(first, join(dir, name))
    })
    watcher.on('error', () => watcher.close())
    return {
      close() {
        watcher.close()
        for (const timer of timers.values()) clearTimeout(timer)
      },
    }
  } catch {
    return undefined // no recursive watching here: changes need a devstack restart
  }
}
